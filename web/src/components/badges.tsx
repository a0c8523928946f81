import { Badge, type BadgeProps, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Environment, PublicationState } from '../api/types';
import { translateDynamic } from '../i18n/dynamic';
import { networkColor } from './networkStyle';

const STATE_COLORS: Record<PublicationState, string> = {
  draft: 'gray',
  scheduled: 'blue',
  publishing: 'yellow',
  published: 'green',
  failed: 'red',
  cancelled: 'gray',
  unknown: 'orange',
  awaiting_manual: 'grape',
};

export function useNetworkName(): (network: string) => string {
  const { t } = useTranslation();
  return (network) => translateDynamic(t, `networks.${network}`, network);
}

export function NetworkBadge({ network, ...props }: { network: string } & BadgeProps) {
  const name = useNetworkName();
  return (
    <Badge variant="light" color={networkColor(network)} radius="sm" {...props}>
      {name(network)}
    </Badge>
  );
}

/** The unmistakable mark of a rehearsal account: nothing it publishes leaves this machine. */
export function SandboxBadge({ environment }: { environment: Environment }) {
  const { t } = useTranslation();
  if (environment !== 'sandbox') return null;
  return (
    <Tooltip label={t('sandbox.tooltip')} withArrow>
      <Badge color="orange" variant="filled" radius="sm" data-testid="sandbox-badge">
        {t('sandbox.badge')}
      </Badge>
    </Tooltip>
  );
}

export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  const color = STATE_COLORS[state as PublicationState] ?? 'orange';
  // waiting for a person to post it: the one state that asks something of whoever reads the calendar
  const variant = state === 'cancelled' ? 'outline' : state === 'awaiting_manual' ? 'filled' : 'light';
  return (
    <Badge color={color} variant={variant} radius="sm">
      {translateDynamic(t, `states.${state}`, state)}
    </Badge>
  );
}

export function AccountStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  const color = state === 'connected' ? 'green' : state === 'disabled' ? 'gray' : 'orange';
  return (
    <Badge color={color} variant="dot" radius="sm">
      {translateDynamic(t, `accountStates.${state}`, state)}
    </Badge>
  );
}
