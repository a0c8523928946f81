import {
  Alert,
  Anchor,
  Button,
  CopyButton,
  Group,
  List,
  Loader,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { fetchManualBundle, markPosted, postsKey } from '../../api/posts';
import type { ManualBundle, Publication } from '../../api/types';
import { useToast } from '../../components/Toasts';
import { useWorkspace } from '../../workspace';

function formatSize(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

function BundleContent({ bundle, publicationId }: { bundle: ManualBundle; publicationId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="md">
      <Text size="xs" c="dimmed">
        {bundle.reason}
      </Text>

      <Stack gap={6}>
        <Group justify="space-between">
          <Title order={3} fz="sm">
            {t('manual.text')}
          </Title>
          <CopyButton value={bundle.text}>
            {({ copied, copy }) => (
              <Button
                size="compact-xs"
                variant="light"
                color={copied ? 'green' : 'gray'}
                onClick={copy}
                disabled={!bundle.text}
                data-testid={`manual-copy-${publicationId}`}
              >
                {copied ? t('manual.copied') : t('manual.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Paper withBorder p="sm" bg="gray.0">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="manual-text">
            {bundle.text || (
              <Text span c="dimmed" fs="italic" inherit>
                {t('manual.noText')}
              </Text>
            )}
          </Text>
        </Paper>
      </Stack>

      <Stack gap={6}>
        <Title order={3} fz="sm">
          {t('manual.files')}
        </Title>
        {bundle.files.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('manual.noFiles')}
          </Text>
        )}
        {bundle.files.map((file) => (
          <Group key={file.url} justify="space-between" wrap="nowrap">
            <Text size="sm" truncate>
              {file.fileName}{' '}
              <Text span c="dimmed" size="xs">
                ({formatSize(file.size, i18n.language)})
              </Text>
            </Text>
            <Button component="a" href={file.url} download={file.fileName} size="compact-sm" variant="light">
              {t('manual.download')}
            </Button>
          </Group>
        ))}
      </Stack>

      <Stack gap={6}>
        <Title order={3} fz="sm">
          {t('manual.steps')}
        </Title>
        <List type="ordered" size="sm" spacing={4}>
          {bundle.steps.map((step) => (
            <List.Item key={step}>{step}</List.Item>
          ))}
        </List>
        <Anchor href={bundle.postUrl} target="_blank" rel="noopener noreferrer" size="sm">
          {t('manual.open', { network: bundle.displayName })}
        </Anchor>
      </Stack>
    </Stack>
  );
}

/**
 * Everything a person needs to make a post Crier cannot make itself: the text to paste, the files to
 * download, the steps, and, once it is posted, the link to record it as published.
 */
export function ManualPostModal({
  publication,
  opened,
  onClose,
}: {
  publication: Publication;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [permalink, setPermalink] = useState('');
  const bundle = useQuery({
    queryKey: ['manual-bundle', workspace.id, publication.id],
    queryFn: () => fetchManualBundle(workspace.id, publication.id),
    enabled: opened,
  });
  const mark = useMutation({
    mutationFn: () => markPosted(workspace.id, publication.id, permalink.trim()),
    onSuccess: () => {
      toast({ color: 'green', title: t('manual.marked') });
      void queryClient.invalidateQueries({ queryKey: postsKey(workspace.id) });
      onClose();
    },
  });
  const handle = publication.accountHandle.replace(/^@?/, '@');

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t('manual.modalTitle', { network: bundle.data?.displayName ?? publication.network, handle })}
    >
      {bundle.isPending && <Loader size="sm" />}
      {bundle.isError && <Alert color="red">{errorMessage(bundle.error)}</Alert>}
      {bundle.data && (
        <Stack gap="lg">
          <BundleContent bundle={bundle.data} publicationId={publication.id} />
          <form
            onSubmit={(event) => {
              event.preventDefault();
              mark.mutate();
            }}
          >
            <Stack gap="xs">
              <TextInput
                type="url"
                label={t('manual.permalink')}
                description={t('manual.permalinkHint')}
                placeholder="https://"
                value={permalink}
                onChange={(event) => {
                  setPermalink(event.currentTarget.value);
                  mark.reset();
                }}
                error={mark.isError ? errorMessage(mark.error) : undefined}
                data-testid={`manual-permalink-${publication.id}`}
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t('manual.later')}
                </Button>
                <Button
                  type="submit"
                  color="grape"
                  loading={mark.isPending}
                  data-testid={`manual-mark-${publication.id}`}
                >
                  {t('manual.markPosted')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      )}
    </Modal>
  );
}
