import { Alert, Button, Card, Grid, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccounts } from '../api/accounts';
import { errorMessage, isApiError } from '../api/client';
import { createPost, postsKey } from '../api/posts';
import type { DraftBody, VariantCheck } from '../api/types';
import { useToast } from '../components/Toasts';
import { navigate } from '../router';
import { useWorkspace } from '../workspace';
import { AccountPicker } from './compose/AccountPicker';
import { type MediaItem, MediaPicker, saveAltTexts } from './compose/MediaPicker';
import { defaultSchedule, type Schedule, SchedulePicker, scheduleIso } from './compose/SchedulePicker';
import { useDraftValidation } from './compose/useDraftValidation';
import { VariantCard } from './compose/VariantCard';

/** The variant checks inside a 422 `invalid_content` answer, if that is what the error is. */
function rejectedChecks(error: unknown): VariantCheck[] | null {
  if (!isApiError(error, 422)) return null;
  const details = error.details as { variants?: unknown } | undefined;
  return Array.isArray(details?.variants) ? (details.variants as VariantCheck[]) : null;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card padding="lg">
      <Stack gap="sm">
        <Text fw={600}>{title}</Text>
        {children}
      </Stack>
    </Card>
  );
}

/** Write once, tailor per network, check every network's limits as you type, then schedule. */
export function ComposePage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const accounts = useAccounts(workspace.id);

  const [text, setText] = useState('');
  const [media, setMedia] = useState<MediaItem[]>([]);
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [schedule, setSchedule] = useState<Schedule>(defaultSchedule);
  const [rejected, setRejected] = useState<{ key: string; checks: VariantCheck[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'schedule' | 'draft' | null>(null);

  /** Networks of the chosen accounts, in the order the accounts are listed. */
  const networks = useMemo(() => {
    const chosen = (accounts.data ?? []).filter((account) => accountIds.includes(account.id));
    return [...new Set(chosen.map((account) => account.network))];
  }, [accounts.data, accountIds]);

  const draft: DraftBody = {
    text,
    mediaIds: media.map((item) => item.media.id),
    accountIds,
    variants: networks
      .filter((network) => custom[network] !== undefined)
      .map((network) => ({ network, text: custom[network] ?? '' })),
  };
  const altRevision = media.map((item) => item.media.altText).join('\u0000');
  const validation = useDraftValidation(workspace.id, draft, altRevision);

  // A rejection from the server stands until the draft changes.
  useEffect(() => {
    if (rejected && rejected.key !== validation.checkedKey) setRejected(null);
  }, [rejected, validation.checkedKey]);

  const checkFor = (network: string): VariantCheck | undefined =>
    rejected?.checks.find((check) => check.network === network) ?? validation.checks.get(network);

  const submit = async (mode: 'schedule' | 'draft') => {
    setFailure(null);
    if (mode === 'schedule' && accountIds.length === 0) {
      setFailure(t('compose.errors.noAccounts'));
      return;
    }
    const scheduledAt = mode === 'schedule' ? scheduleIso(schedule) : null;
    if (mode === 'schedule' && !scheduledAt) {
      setFailure(t('compose.errors.noTime'));
      return;
    }
    setBusy(mode);
    try {
      const saved = await saveAltTexts(workspace.id, media);
      setMedia(saved);
      await createPost(workspace.id, { ...draft, scheduledAt, timeZone: schedule.zone });
      await queryClient.invalidateQueries({ queryKey: postsKey(workspace.id) });
      toast({ color: 'green', title: t(mode === 'schedule' ? 'compose.scheduled' : 'compose.draftSaved') });
      navigate('/');
    } catch (error) {
      const checks = rejectedChecks(error);
      if (checks) setRejected({ key: validation.checkedKey, checks });
      setFailure(errorMessage(error));
      setBusy(null);
    }
  };

  const problemCount = networks.reduce((sum, network) => sum + (checkFor(network)?.problems.length ?? 0), 0);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz={28}>
          {t('compose.title')}
        </Title>
        <Text c="dimmed">{t('compose.subtitle')}</Text>
      </div>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Section title={t('compose.text.title')}>
              <Textarea
                autosize
                minRows={6}
                maxRows={20}
                placeholder={t('compose.text.placeholder')}
                aria-label={t('compose.text.title')}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                data-testid="compose-text"
              />
              <MediaPicker items={media} onChange={setMedia} />
            </Section>
            <Section title={t('compose.accounts.title')}>
              <AccountPicker selected={accountIds} onChange={setAccountIds} />
            </Section>
            <Section title={t('compose.schedule.title')}>
              <SchedulePicker value={schedule} onChange={setSchedule} />
            </Section>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md" pos="sticky" top={76}>
            <Text fw={600}>{t('compose.variants.title')}</Text>
            {networks.length === 0 && (
              <Card padding="lg" bg="gray.0" style={{ borderStyle: 'dashed' }}>
                <Text size="sm" c="dimmed" ta="center">
                  {t('compose.variants.empty')}
                </Text>
              </Card>
            )}
            {validation.error && (
              <Alert color="orange" title={t('compose.variants.checkFailed')}>
                {errorMessage(validation.error)}
              </Alert>
            )}
            {networks.map((network) => (
              <VariantCard
                key={network}
                network={network}
                mainText={text}
                customText={custom[network]}
                check={checkFor(network)}
                checking={validation.checking}
                onCustomize={() => setCustom((current) => ({ ...current, [network]: text }))}
                onChange={(value) => setCustom((current) => ({ ...current, [network]: value }))}
                onReset={() =>
                  setCustom((current) => {
                    const { [network]: _removed, ...rest } = current;
                    return rest;
                  })
                }
              />
            ))}

            {failure && (
              <Alert color="red" title={t('compose.failed')} data-testid="compose-error">
                {failure}
              </Alert>
            )}
            {problemCount > 0 && !failure && (
              <Text size="sm" c="red.7">
                {t('compose.problemsSummary', { count: problemCount })}
              </Text>
            )}
            <Group justify="flex-end" gap="sm">
              <Button
                variant="default"
                loading={busy === 'draft'}
                disabled={busy === 'schedule'}
                onClick={() => void submit('draft')}
                data-testid="compose-draft"
              >
                {t('compose.saveDraft')}
              </Button>
              <Button
                loading={busy === 'schedule'}
                disabled={busy === 'draft'}
                onClick={() => void submit('schedule')}
                data-testid="compose-schedule"
              >
                {t('compose.schedule.submit')}
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
