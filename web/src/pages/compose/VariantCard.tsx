import { Button, Card, Group, Loader, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VariantCheck } from '../../api/types';
import { NetworkBadge, useNetworkName } from '../../components/badges';
import { problemText } from './problemText';

interface Props {
  network: string;
  mainText: string;
  /** The network's own text, or undefined while it inherits the main text. */
  customText: string | undefined;
  check: VariantCheck | undefined;
  checking: boolean;
  onCustomize: () => void;
  onChange: (text: string) => void;
  onReset: () => void;
}

function Counter({
  network,
  check,
  checking,
}: {
  network: string;
  check: VariantCheck | undefined;
  checking: boolean;
}) {
  const { t } = useTranslation();
  if (!check) {
    return (
      <Group gap={6} data-testid={`counter-${network}`}>
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
        data-testid={`counter-${network}`}
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

/** How the post reads on one network: inherited or customized text, its live count, and its problems. */
export function VariantCard(props: Props) {
  const { network, mainText, customText, check, checking, onCustomize, onChange, onReset } = props;
  const { t, i18n } = useTranslation();
  const networkName = useNetworkName();
  const name = check?.displayName || networkName(network);
  const language = i18n.resolvedLanguage ?? 'en';
  const problems = check?.problems ?? [];
  const customized = customText !== undefined;

  return (
    <Card
      padding="md"
      data-testid={`variant-${network}`}
      style={problems.length > 0 ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <NetworkBadge network={network} size="lg" />
            <Text size="xs" c="dimmed">
              {customized ? t('compose.variant.customized') : t('compose.variant.inherits')}
            </Text>
          </Group>
          <Counter network={network} check={check} checking={checking} />
        </Group>

        {customized ? (
          <Stack gap={6}>
            <Textarea
              autosize
              minRows={3}
              maxRows={12}
              value={customText}
              onChange={(event) => onChange(event.currentTarget.value)}
              aria-label={t('compose.variant.textLabel', { network: name })}
              data-testid={`variant-text-${network}`}
            />
            <Group>
              <Button
                variant="subtle"
                size="compact-xs"
                color="gray"
                onClick={onReset}
                data-testid={`variant-reset-${network}`}
              >
                {t('compose.variant.reset')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap={6}>
            <Text
              size="sm"
              c={mainText ? undefined : 'dimmed'}
              lineClamp={4}
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            >
              {mainText || t('compose.variant.emptyMain')}
            </Text>
            <Group>
              <Button
                variant="light"
                size="compact-sm"
                onClick={onCustomize}
                data-testid={`variant-customize-${network}`}
              >
                {t('compose.variant.customize', { network: name })}
              </Button>
            </Group>
          </Stack>
        )}

        <Stack gap={4} data-testid={`problems-${network}`} role={problems.length > 0 ? 'alert' : undefined}>
          {problems.map((problem) => (
            <Text
              key={`${problem.code}-${problem.field}-${problem.message}`}
              size="sm"
              c="red.7"
              data-code={problem.code}
            >
              • {problemText(problem, t, language, name)}
            </Text>
          ))}
        </Stack>
        {check && problems.length === 0 && (
          <Text size="xs" c="green.7">
            {t('compose.variant.ready', { network: name })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
