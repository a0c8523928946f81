import { Alert, Button, Card, Grid, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccounts } from '../api/accounts';
import { errorMessage, isApiError } from '../api/client';
import { postsKey } from '../api/posts';
import { useSegments } from '../api/segments';
import {
  createTargetedPost,
  type DraftVariant,
  type TargetedCheck,
  type TargetedDraft,
  variantKey,
} from '../api/variants';
import { useToast } from '../components/Toasts';
import { navigate } from '../router';
import { formatDateTime } from '../time';
import { useWorkspace } from '../workspace';
import { AccountPicker } from './compose/AccountPicker';
import type { AudienceVariant } from './compose/AudienceVariants';
import { scheduleAdjustmentOf } from './compose/daylightSaving';
import { LinkTracking, type LinkTrackingValue } from './compose/LinkTracking';
import { type MediaItem, MediaPicker, saveAltTexts } from './compose/MediaPicker';
import { defaultSchedule, type Schedule, SchedulePicker, scheduleWallClock } from './compose/SchedulePicker';
import { useDraftValidation } from './compose/useDraftValidation';
import { VariantCard } from './compose/VariantCard';

/** The variant checks inside a 422 `invalid_content` answer, if that is what the error is. */
function rejectedChecks(error: unknown): TargetedCheck[] | null {
  if (!isApiError(error, 422)) return null;
  const details = error.details as { variants?: unknown } | undefined;
  return Array.isArray(details?.variants) ? (details.variants as TargetedCheck[]) : null;
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
  const { t, i18n } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const accounts = useAccounts(workspace.id);
  const segments = useSegments(workspace.id);

  const [text, setText] = useState('');
  const [media, setMedia] = useState<MediaItem[]>([]);
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [custom, setCustom] = useState<Record<string, string>>({});
  /** Per network, its audience variants: while a network has one, it publishes only to audiences. */
  const [audiences, setAudiences] = useState<Record<string, AudienceVariant[]>>({});
  const nextAudienceKey = useRef(1);
  const [schedule, setSchedule] = useState<Schedule>(defaultSchedule);
  const [links, setLinks] = useState<LinkTrackingValue>({ trackLinks: true, campaign: null });
  const [rejected, setRejected] = useState<{ key: string; checks: TargetedCheck[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'schedule' | 'draft' | null>(null);

  /** Networks of the chosen accounts, in the order the accounts are listed. */
  const networks = useMemo(() => {
    const chosen = (accounts.data ?? []).filter((account) => accountIds.includes(account.id));
    return [...new Set(chosen.map((account) => account.network))];
  }, [accounts.data, accountIds]);

  /** A network's audience variants whose segment is chosen: the ones sent and published. */
  const targetedOf = (network: string) => (audiences[network] ?? []).filter((variant) => variant.segmentId);

  const draft: TargetedDraft = {
    text,
    mediaIds: media.map((item) => item.media.id),
    accountIds,
    variants: networks.flatMap((network): DraftVariant[] => {
      const targeted = targetedOf(network);
      if (targeted.length > 0) {
        return targeted.map((variant) => ({ network, text: variant.text, segmentId: variant.segmentId }));
      }
      const own = custom[network];
      return own === undefined ? [] : [{ network, text: own }];
    }),
  };
  const altRevision = media.map((item) => item.media.altText).join('\u0000');
  const validation = useDraftValidation(workspace.id, draft, altRevision);

  // A rejection from the server stands until the draft changes.
  useEffect(() => {
    if (rejected && rejected.key !== validation.checkedKey) setRejected(null);
  }, [rejected, validation.checkedKey]);

  const checkFor = (network: string, segmentId?: string): TargetedCheck | undefined =>
    rejected?.checks.find((check) => variantKey(check.network, check.segmentId) === variantKey(network, segmentId)) ??
    validation.checks.get(variantKey(network, segmentId));

  const addAudience = (network: string) => {
    const key = nextAudienceKey.current++;
    setAudiences((current) => {
      const existing = current[network] ?? [];
      // the first audience starts from the network's text, the next ones from the one above them
      const start = existing.at(-1)?.text ?? custom[network] ?? text;
      return { ...current, [network]: [...existing, { key, segmentId: null, text: start }] };
    });
  };
  const changeAudience = (network: string, index: number, next: AudienceVariant) =>
    setAudiences((current) => ({
      ...current,
      [network]: (current[network] ?? []).map((variant, at) => (at === index ? next : variant)),
    }));
  const removeAudience = (network: string, index: number) =>
    setAudiences((current) => {
      const rest = (current[network] ?? []).filter((_variant, at) => at !== index);
      const { [network]: _removed, ...others } = current;
      return rest.length > 0 ? { ...others, [network]: rest } : others;
    });
  const unchosen = networks.filter((network) => (audiences[network] ?? []).some((variant) => !variant.segmentId));

  const submit = async (mode: 'schedule' | 'draft') => {
    setFailure(null);
    if (mode === 'schedule' && accountIds.length === 0) {
      setFailure(t('compose.errors.noAccounts'));
      return;
    }
    if (unchosen.length > 0) {
      setFailure(t('compose.audience.errors.unchosen'));
      return;
    }
    // the wall-clock time and its zone: the server applies the daylight-saving rule and says how
    const scheduledAt = mode === 'schedule' ? scheduleWallClock(schedule) : null;
    if (mode === 'schedule' && !scheduledAt) {
      setFailure(t('compose.errors.noTime'));
      return;
    }
    setBusy(mode);
    try {
      const saved = await saveAltTexts(workspace.id, media);
      setMedia(saved);
      const created = await createTargetedPost(workspace.id, {
        ...draft,
        scheduledAt,
        timeZone: schedule.zone,
        campaignId: links.campaign,
        trackLinks: links.trackLinks,
      });
      await queryClient.invalidateQueries({ queryKey: postsKey(workspace.id) });
      const adjustment = scheduleAdjustmentOf(created);
      toast({
        color: adjustment ? 'orange' : 'green',
        title: t(mode === 'schedule' ? 'compose.scheduled' : 'compose.draftSaved'),
        ...(adjustment
          ? {
              message: t(
                adjustment.kind === 'moved_past_gap' ? 'compose.schedule.dstGap' : 'compose.schedule.dstOverlap',
                {
                  time: formatDateTime(adjustment.at, adjustment.timeZone, i18n.language),
                  zone: adjustment.timeZone,
                },
              ),
            }
          : {}),
      });
      navigate('/');
    } catch (error) {
      const checks = rejectedChecks(error);
      if (checks) setRejected({ key: validation.checkedKey, checks });
      setFailure(errorMessage(error));
      setBusy(null);
    }
  };

  /** Problems of the variants shown: each audience's once a network has audiences, else the network's own. */
  const problemCount = networks.reduce((sum, network) => {
    if ((audiences[network] ?? []).length > 0) {
      return targetedOf(network).reduce(
        (inner, variant) => inner + (checkFor(network, variant.segmentId ?? undefined)?.problems.length ?? 0),
        sum,
      );
    }
    return sum + (checkFor(network)?.problems.length ?? 0);
  }, 0);

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
            <Section title={t('compose.links.title')}>
              <LinkTracking value={links} onChange={setLinks} />
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
                audienceCheck={(segmentId) => checkFor(network, segmentId)}
                checking={validation.checking}
                audiences={audiences[network] ?? []}
                segments={segments.data}
                onAddAudience={() => addAudience(network)}
                onAudienceChange={(index, next) => changeAudience(network, index, next)}
                onAudienceRemove={(index) => removeAudience(network, index)}
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
