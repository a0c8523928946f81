import { Badge, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Segment } from '../../api/segments';
import type { TargetedCheck } from '../../api/variants';
import { NetworkBadge, useNetworkName } from '../../components/badges';
import { AddAudienceButton, type AudienceVariant, AudienceVariants } from './AudienceVariants';
import { Counter, ProblemList } from './VariantCheck';

interface Props {
  network: string;
  mainText: string;
  /** The network's own text, or undefined while it inherits the main text. */
  customText: string | undefined;
  /** The network's check without audience. */
  check: TargetedCheck | undefined;
  /** The check of the network's variant for one audience. */
  audienceCheck: (segmentId: string) => TargetedCheck | undefined;
  checking: boolean;
  /** The network's audience variants: while there is one, the network publishes only to audiences. */
  audiences: AudienceVariant[];
  /** The workspace's segments; undefined while loading. */
  segments: Segment[] | undefined;
  onCustomize: () => void;
  onChange: (text: string) => void;
  onReset: () => void;
  onAddAudience: () => void;
  onAudienceChange: (index: number, next: AudienceVariant) => void;
  onAudienceRemove: (index: number) => void;
}

/**
 * How the post reads on one network: inherited or customized text, its live count and its problems;
 * or, once the network has audience variants, one text per audience, each counted and checked.
 */
export function VariantCard(props: Props) {
  const { network, mainText, customText, check, checking, audiences, segments } = props;
  const { onCustomize, onChange, onReset } = props;
  const { t } = useTranslation();
  const networkName = useNetworkName();
  const targeted = audiences.length > 0;
  const name = check?.displayName || networkName(network);
  const problems = targeted
    ? audiences.some((variant) => variant.segmentId && (props.audienceCheck(variant.segmentId)?.problems.length ?? 0))
    : (check?.problems.length ?? 0) > 0;
  const customized = customText !== undefined;

  return (
    <Card
      padding="md"
      data-testid={`variant-${network}`}
      style={problems ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <NetworkBadge network={network} size="lg" />
            {targeted ? (
              <Badge variant="outline" color="grape" radius="sm" tt="none" data-testid={`variant-audiences-${network}`}>
                {t('compose.audience.count', { count: audiences.length })}
              </Badge>
            ) : (
              <Text size="xs" c="dimmed">
                {customized ? t('compose.variant.customized') : t('compose.variant.inherits')}
              </Text>
            )}
          </Group>
          {!targeted && <Counter testId={`counter-${network}`} check={check} checking={checking} />}
        </Group>

        {targeted ? (
          <AudienceVariants
            network={network}
            networkName={name}
            variants={audiences}
            segments={segments ?? []}
            checkFor={props.audienceCheck}
            checking={checking}
            onChange={props.onAudienceChange}
            onRemove={props.onAudienceRemove}
          />
        ) : customized ? (
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

        {!targeted && <ProblemList testId={`problems-${network}`} check={check} networkName={name} />}

        <Group>
          <AddAudienceButton
            network={network}
            segments={segments}
            used={audiences.length}
            onAdd={props.onAddAudience}
          />
        </Group>
      </Stack>
    </Card>
  );
}
