import { Alert, Button, Card, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../api/client';
import { deleteSegment, type Segment, segmentsKey } from '../../api/segments';
import { useToast } from '../../components/Toasts';
import { formatDateTime } from '../../time';
import { useLocaleZone, useWorkspace } from '../../workspace';
import { useAudienceSummary } from './audienceSummary';

function SegmentRow({ segment, onDelete }: { segment: Segment; onDelete: () => void }) {
  const { t } = useTranslation();
  const { locale, zone } = useLocaleZone();
  const summary = useAudienceSummary();
  const lines = summary(segment.audience);
  return (
    <Card padding="md" data-testid={`segment-${segment.id}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6} miw={0}>
          <Text fw={600}>{segment.name}</Text>
          <Stack gap={2} data-testid={`segment-summary-${segment.id}`}>
            {lines.map((line) => (
              <Text key={line.field} size="sm" style={{ overflowWrap: 'anywhere' }}>
                <Text span c="dimmed" inherit>
                  {t('segments.summary.line', { label: line.label })}
                </Text>{' '}
                {line.text}
              </Text>
            ))}
          </Stack>
          <Text size="xs" c="dimmed">
            {t('segments.createdAt', { time: formatDateTime(segment.createdAt, zone, locale) })}
          </Text>
        </Stack>
        <Button
          variant="subtle"
          color="red"
          size="compact-sm"
          onClick={onDelete}
          data-testid={`segment-delete-${segment.id}`}
        >
          {t('segments.delete')}
        </Button>
      </Group>
    </Card>
  );
}

/** The workspace's segments, each with its audience in words, and deleting one after confirmation. */
export function SegmentList({ segments }: { segments: Segment[] }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [leaving, setLeaving] = useState<Segment | null>(null);

  const remove = useMutation({
    mutationFn: (segment: Segment) => deleteSegment(workspace.id, segment.id),
    onSuccess: (_result, segment) => {
      toast({ color: 'green', title: t('segments.deleted', { name: segment.name }) });
      setLeaving(null);
      void queryClient.invalidateQueries({ queryKey: segmentsKey(workspace.id) });
    },
  });

  const close = () => {
    setLeaving(null);
    remove.reset();
  };

  const blocked = isApiError(remove.error, 409);

  return (
    <>
      <Stack gap="sm" data-testid="segment-list">
        {segments.map((segment) => (
          <SegmentRow
            key={segment.id}
            segment={segment}
            onDelete={() => {
              remove.reset();
              setLeaving(segment);
            }}
          />
        ))}
      </Stack>
      <Modal opened={leaving !== null} onClose={close} title={t('segments.deleteTitle')} centered>
        <Stack>
          <Text size="sm">{t('segments.deleteConfirm', { name: leaving?.name ?? '' })}</Text>
          {remove.error && (
            <Alert
              color={blocked ? 'orange' : 'red'}
              title={t(blocked ? 'segments.deleteBlocked' : 'segments.deleteFailed')}
              data-testid="segment-delete-error"
            >
              {errorMessage(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              disabled={blocked}
              onClick={() => leaving && remove.mutate(leaving)}
              data-testid="segment-delete-confirm"
            >
              {t('segments.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
