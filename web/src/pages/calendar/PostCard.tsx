import { Card, Divider, Flex, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Post } from '../../api/types';
import { useNetworkName } from '../../components/badges';
import { formatDateTime, formatTime } from '../../time';
import { useLocaleZone } from '../../workspace';
import { AudienceBadge, usePostAudiences } from './audiences';
import { dueOf } from './days';
import { PublicationRow } from './PublicationRow';

export function PostCard({ post }: { post: Post }) {
  const { t } = useTranslation();
  const { locale, zone } = useLocaleZone();
  const due = dueOf(post);
  const otherZone = due && post.timeZone && post.timeZone !== zone;
  const audiences = usePostAudiences(post);
  const networkName = useNetworkName();

  return (
    <Card padding="md" data-testid={`post-${post.id}`}>
      <Flex direction={{ base: 'column', sm: 'row' }} align="flex-start" gap={{ base: 'xs', sm: 'lg' }}>
        <Stack gap={2} w={{ base: 'auto', sm: 88 }} style={{ flexShrink: 0 }}>
          <Text fw={700} fz="lg" data-testid={`due-${post.id}`}>
            {due ? formatTime(due, zone, locale) : t('calendar.noTime')}
          </Text>
          {otherZone && (
            <Text size="xs" c="dimmed" title={post.timeZone}>
              {t('calendar.inZone', { time: formatTime(due, post.timeZone, locale), zone: post.timeZone })}
            </Text>
          )}
        </Stack>
        <Stack gap="xs" w="100%" style={{ flex: 1, minWidth: 0 }}>
          <Text lineClamp={3} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {post.text || (
              <Text span c="dimmed" fs="italic" inherit>
                {t('calendar.noText')}
              </Text>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {t('calendar.createdAt', { time: formatDateTime(post.createdAt, zone, locale) })}
          </Text>
          {audiences.byNetwork.length > 0 && (
            <Stack gap={4} data-testid={`audiences-${post.id}`}>
              {audiences.byNetwork.map(({ network, names }) => (
                <Group key={network} gap={6} wrap="wrap">
                  <Text size="xs" c="dimmed">
                    {t('calendar.audiencesOn', { network: networkName(network) })}
                  </Text>
                  {names.map((name) => (
                    <AudienceBadge key={name} name={name} />
                  ))}
                </Group>
              ))}
            </Stack>
          )}
          {post.publications.length > 0 && (
            <Stack gap={0}>
              <Divider my={4} />
              {post.publications.map((publication, index) => (
                <div key={publication.id}>
                  {index > 0 && <Divider variant="dashed" />}
                  <PublicationRow publication={publication} audience={audiences.ofPublication(publication)} />
                </div>
              ))}
            </Stack>
          )}
        </Stack>
      </Flex>
    </Card>
  );
}
