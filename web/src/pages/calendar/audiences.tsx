import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSegments } from '../../api/segments';
import type { Post, Publication } from '../../api/types';
import { variantOf, variantsOf } from '../../api/variants';
import { useWorkspace } from '../../workspace';

export interface PostAudiences {
  /** The audience of the variant a publication carries out, when the post tells which variant that is. */
  ofPublication: (publication: Publication) => string | undefined;
  /** Per network with audience variants, their audiences' names, in the post's order. */
  byNetwork: { network: string; names: string[] }[];
}

/** Names the audiences of a post's variants from the workspace's segments. */
export function usePostAudiences(post: Post): PostAudiences {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const segments = useSegments(workspace.id);
  const variants = variantsOf(post);
  const nameOf = (segmentId: string) =>
    segments.data?.find((segment) => segment.id === segmentId)?.name ?? t('calendar.audienceUnknown');

  const byNetwork: PostAudiences['byNetwork'] = [];
  for (const variant of variants) {
    if (!variant.segmentId) continue;
    let entry = byNetwork.find((candidate) => candidate.network === variant.network);
    if (!entry) {
      entry = { network: variant.network, names: [] };
      byNetwork.push(entry);
    }
    entry.names.push(nameOf(variant.segmentId));
  }

  return {
    ofPublication: (publication) => {
      const segmentId = variantOf(post, publication)?.segmentId;
      return segmentId ? nameOf(segmentId) : undefined;
    },
    byNetwork,
  };
}

/** The audience a publication is for: a segment's name. */
export function AudienceBadge({ name, testId }: { name: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('calendar.audienceHint', { name })} withArrow>
      <Badge variant="outline" color="grape" radius="sm" tt="none" fw={500} data-testid={testId}>
        {name}
      </Badge>
    </Tooltip>
  );
}
