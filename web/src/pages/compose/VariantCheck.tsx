import { Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TargetedCheck } from '../../api/variants';
import { problemText } from './problemText';

/** The live count of one variant as its network counts it; `testId` names it for tests. */
export function Counter({
  testId,
  check,
  checking,
}: {
  testId: string;
  check: TargetedCheck | undefined;
  checking: boolean;
}) {
  const { t } = useTranslation();
  if (!check) {
    return (
      <Group gap={6} data-testid={testId}>
        {checking && <Loader size={12} />}
        <Text size="sm" c="dimmed">
          — / —
        </Text>
      </Group>
    );
  }
  const { length, limit, bytes, maxBytes } = check.measure;
  const over = length > limit;
  const bytesOver = bytes !== undefined && maxBytes !== undefined && bytes > maxBytes;
  return (
    <Group gap={8} wrap="nowrap">
      {checking && <Loader size={12} />}
      <Text
        size="sm"
        fw={600}
        c={over ? 'red.7' : length > limit * 0.9 ? 'orange.7' : 'dimmed'}
        data-testid={testId}
        data-over={over ? 'true' : 'false'}
        aria-label={t('compose.variant.counterLabel', { length, limit })}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {length} / {limit}
      </Text>
      {bytes !== undefined && maxBytes !== undefined && (
        <Text size="xs" c={bytesOver ? 'red.7' : 'dimmed'} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {t('compose.variant.bytes', { bytes, maxBytes })}
        </Text>
      )}
    </Group>
  );
}

/** Every problem of one variant, in the interface language, then "ready" once there is none. */
export function ProblemList({
  testId,
  check,
  networkName,
  segmentName,
}: {
  testId: string;
  check: TargetedCheck | undefined;
  networkName: string;
  /** The audience's name, for a variant that has one. */
  segmentName?: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const problems = check?.problems ?? [];
  const segment = check?.segmentName ?? segmentName;
  return (
    <>
      <Stack gap={4} data-testid={testId} role={problems.length > 0 ? 'alert' : undefined}>
        {problems.map((problem) => (
          <Text
            key={`${problem.code}-${problem.field}-${problem.message}`}
            size="sm"
            c="red.7"
            data-code={problem.code}
          >
            • {problemText(problem, t, language, networkName, segment)}
          </Text>
        ))}
      </Stack>
      {check && problems.length === 0 && (
        <Text size="xs" c="green.7">
          {segment
            ? t('compose.audience.ready', { network: networkName, segment })
            : t('compose.variant.ready', { network: networkName })}
        </Text>
      )}
    </>
  );
}
