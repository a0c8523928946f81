import { ActionIcon, Anchor, Button, Group, Paper, Select, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Segment } from '../../api/segments';
import type { TargetedCheck } from '../../api/variants';
import { Link } from '../../router';
import { useAudienceLine } from '../segments/audienceSummary';
import { Counter, ProblemList } from './VariantCheck';

/** One audience's version of the post on one network: which segment, and its own text. */
export interface AudienceVariant {
  /** Stable while the person edits, for React. */
  key: number;
  /** Null until a segment is chosen. */
  segmentId: string | null;
  text: string;
}

interface Props {
  network: string;
  networkName: string;
  variants: AudienceVariant[];
  segments: Segment[];
  checkFor: (segmentId: string) => TargetedCheck | undefined;
  checking: boolean;
  onChange: (index: number, next: AudienceVariant) => void;
  onRemove: (index: number) => void;
}

function RemoveIcon() {
  return (
    <svg
      width={14}
      height={14}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}

/** The audience variants of a network's card: a segment and a text each, counted and checked apart. */
export function AudienceVariants(props: Props) {
  const { network, networkName, variants, segments, checkFor, checking, onChange, onRemove } = props;
  const { t } = useTranslation();
  const audienceLine = useAudienceLine();

  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        {t('compose.audience.rule', { network: networkName })}
      </Text>
      {variants.map((variant, index) => {
        const segment = segments.find((candidate) => candidate.id === variant.segmentId);
        const check = variant.segmentId ? checkFor(variant.segmentId) : undefined;
        const taken = new Set(variants.filter((other) => other.key !== variant.key).map((other) => other.segmentId));
        const problems = check?.problems.length ?? 0;
        return (
          <Paper
            key={variant.key}
            withBorder
            radius="md"
            p="sm"
            bg="gray.0"
            data-testid={`variant-audience-${network}-${index}`}
            style={problems > 0 ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}
          >
            <Stack gap={8}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Select
                  size="sm"
                  style={{ flex: 1, minWidth: 0 }}
                  aria-label={t('compose.audience.segmentLabel', { network: networkName, number: index + 1 })}
                  placeholder={t('compose.audience.choose')}
                  data={segments.map((candidate) => ({
                    value: candidate.id,
                    label: candidate.name,
                    disabled: taken.has(candidate.id),
                  }))}
                  value={variant.segmentId}
                  onChange={(segmentId) => onChange(index, { ...variant, segmentId })}
                  error={variant.segmentId ? null : t('compose.audience.unchosen')}
                  allowDeselect={false}
                  searchable={segments.length > 8}
                  nothingFoundMessage={t('common.nothingFound')}
                  comboboxProps={{ withinPortal: true }}
                  data-testid={`variant-segment-${network}-${index}`}
                />
                <Group gap={6} wrap="nowrap" mt={6}>
                  <Counter testId={`counter-${network}-${index}`} check={check} checking={checking && !!check} />
                  <Tooltip label={t('compose.audience.remove')} withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      aria-label={t('compose.audience.remove')}
                      onClick={() => onRemove(index)}
                      data-testid={`variant-remove-audience-${network}-${index}`}
                    >
                      <RemoveIcon />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
              {segment && (
                <Text size="xs" c="dimmed" lineClamp={2} data-testid={`variant-segment-summary-${network}-${index}`}>
                  {audienceLine(segment.audience)}
                </Text>
              )}
              <Textarea
                autosize
                minRows={2}
                maxRows={10}
                value={variant.text}
                placeholder={t('compose.audience.textPlaceholder')}
                onChange={(event) => onChange(index, { ...variant, text: event.currentTarget.value })}
                aria-label={t('compose.audience.textLabel', {
                  network: networkName,
                  segment: segment?.name ?? index + 1,
                })}
                data-testid={`variant-segment-text-${network}-${index}`}
              />
              <ProblemList
                testId={`problems-${network}-${index}`}
                check={check}
                networkName={networkName}
                segmentName={segment?.name}
              />
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** The way in: adds an audience variant, or points to the Segments page while there is none. */
export function AddAudienceButton({
  network,
  segments,
  used,
  onAdd,
}: {
  network: string;
  segments: Segment[] | undefined;
  used: number;
  onAdd: () => void;
}) {
  const { t } = useTranslation();
  if (segments && segments.length === 0) {
    return (
      <Text size="xs" c="dimmed" data-testid={`variant-no-segments-${network}`}>
        {t('compose.audience.noSegments')}{' '}
        <Anchor component={Link} href="/segments" size="xs">
          {t('compose.audience.defineSegments')}
        </Anchor>
      </Text>
    );
  }
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      onClick={onAdd}
      disabled={!segments || used >= segments.length}
      data-testid={`variant-add-audience-${network}`}
    >
      {t('compose.audience.add')}
    </Button>
  );
}
