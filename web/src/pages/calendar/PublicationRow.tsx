import { Anchor, Badge, Button, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { cancelPublication, postsKey, retryPublication } from '../../api/posts';
import type { Publication } from '../../api/types';
import { NetworkBadge, SandboxBadge, StateBadge, useNetworkName } from '../../components/badges';
import { useToast } from '../../components/Toasts';
import { translateDynamic } from '../../i18n/dynamic';
import { formatTime } from '../../time';
import { useLocaleZone, useWorkspace } from '../../workspace';
import { AudienceBadge } from './audiences';
import { ManualPostModal } from './ManualPostModal';

const CANCELLABLE = new Set(['scheduled', 'draft', 'awaiting_manual']);
const RETRYABLE = new Set(['failed', 'unknown']);

function useAction(kind: 'cancel' | 'retry', publication: Publication) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: () =>
      kind === 'cancel'
        ? cancelPublication(workspace.id, publication.id)
        : retryPublication(workspace.id, publication.id),
    onSuccess: () => {
      toast({ color: 'green', title: t(kind === 'cancel' ? 'calendar.cancelled' : 'calendar.retried') });
      void queryClient.invalidateQueries({ queryKey: postsKey(workspace.id) });
    },
    onError: (error) =>
      toast({
        color: 'red',
        title: t(kind === 'cancel' ? 'calendar.cancelFailed' : 'calendar.retryFailed'),
        message: errorMessage(error),
      }),
  });
}

/** One account's copy of a post: where it goes, how far it got, and what can be done about it. */
export function PublicationRow({ publication, audience }: { publication: Publication; audience?: string }) {
  const { t } = useTranslation();
  const networkName = useNetworkName();
  const { locale, zone } = useLocaleZone();
  const cancel = useAction('cancel', publication);
  const retry = useAction('retry', publication);
  const [postingByHand, setPostingByHand] = useState(false);
  const { state, failure } = publication;
  const handle = publication.accountHandle.startsWith('@')
    ? publication.accountHandle
    : `@${publication.accountHandle}`;

  return (
    <Stack gap={6} py={8} data-testid={`publication-${publication.id}`} data-state={state}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap={8} wrap="wrap">
          <NetworkBadge network={publication.network} />
          <Text size="sm" fw={500}>
            {handle}
          </Text>
          {audience && <AudienceBadge name={audience} testId={`publication-audience-${publication.id}`} />}
          <SandboxBadge environment={publication.environment} />
          <StateBadge state={state} />
          {publication.late && (
            <Tooltip label={t('calendar.lateHint')} withArrow>
              <Badge color="orange" variant="outline" radius="sm" data-testid={`late-${publication.id}`}>
                {t('calendar.late')}
              </Badge>
            </Tooltip>
          )}
          {publication.attempts > 1 && (
            <Text size="xs" c="dimmed">
              {t('calendar.attempts', { count: publication.attempts })}
            </Text>
          )}
        </Group>
        <Group gap={6}>
          {state === 'awaiting_manual' && (
            <Button
              size="compact-sm"
              color="grape"
              onClick={() => setPostingByHand(true)}
              data-testid={`post-by-hand-${publication.id}`}
            >
              {t('manual.openBundle')}
            </Button>
          )}
          {state === 'published' && publication.permalink && (
            <Button
              component="a"
              href={publication.permalink}
              target="_blank"
              rel="noopener noreferrer"
              size="compact-sm"
              variant="light"
              color="green"
              data-testid={`permalink-${publication.id}`}
            >
              {t('calendar.viewOn', { network: networkName(publication.network) })}
            </Button>
          )}
          {CANCELLABLE.has(state) && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              loading={cancel.isPending}
              onClick={() => cancel.mutate()}
              data-testid={`cancel-${publication.id}`}
            >
              {t('calendar.cancel')}
            </Button>
          )}
          {RETRYABLE.has(state) && (
            <Button
              size="compact-sm"
              variant="light"
              loading={retry.isPending}
              onClick={() => retry.mutate()}
              data-testid={`retry-${publication.id}`}
            >
              {t('calendar.retry')}
            </Button>
          )}
        </Group>
      </Group>

      {state === 'published' && (
        <Group gap="xs">
          {publication.publishedAt && (
            <Text size="xs" c="dimmed">
              {t('calendar.publishedAt', { time: formatTime(publication.publishedAt, zone, locale) })}
            </Text>
          )}
          {publication.remoteId && (
            <Text size="xs" c="dimmed">
              {t('calendar.remoteId')}{' '}
              <Code fz="xs" data-testid={`remote-id-${publication.id}`}>
                {publication.remoteId}
              </Code>
            </Text>
          )}
          {publication.permalink && (
            <Anchor href={publication.permalink} target="_blank" rel="noopener noreferrer" size="xs" c="dimmed">
              {publication.permalink}
            </Anchor>
          )}
        </Group>
      )}
      {state === 'awaiting_manual' && (
        <Text size="xs" c="grape.8">
          {t('manual.waiting', { network: networkName(publication.network) })}
        </Text>
      )}
      {state === 'awaiting_manual' && (
        <ManualPostModal publication={publication} opened={postingByHand} onClose={() => setPostingByHand(false)} />
      )}
      {state === 'publishing' && publication.startedAt && (
        <Text size="xs" c="dimmed">
          {t('calendar.startedAt', { time: formatTime(publication.startedAt, zone, locale) })}
        </Text>
      )}
      {failure && (state === 'failed' || state === 'unknown') && (
        <Text size="sm" c={state === 'failed' ? 'red.7' : 'orange.8'}>
          <Text span fw={600} inherit>
            {translateDynamic(t, `errorClasses.${failure.errorClass}`, failure.errorClass)}:
          </Text>{' '}
          <span data-testid={`failure-${publication.id}`}>{failure.networkMessage || failure.message}</span>
          {failure.networkMessage && failure.networkMessage !== failure.message && (
            <Text span c="dimmed" size="xs">
              {' '}
              ({failure.message})
            </Text>
          )}
        </Text>
      )}
    </Stack>
  );
}
