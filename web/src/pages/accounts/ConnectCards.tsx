import { Avatar, Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { startOAuth } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import type { Account, NetworkOption } from '../../api/types';
import { networkColor } from '../../components/networkStyle';
import { useToast } from '../../components/Toasts';
import { useWorkspace } from '../../workspace';
import { PasswordConnectModal } from './PasswordConnectModal';
import { ServerConnectModal } from './ServerConnectModal';

function optionKey(option: NetworkOption): string {
  return `${option.network}-${option.environment}`;
}

function ConnectCard({ option, busy, onConnect }: { option: NetworkOption; busy: boolean; onConnect: () => void }) {
  const { t } = useTranslation();
  const sandbox = option.environment === 'sandbox';
  return (
    <Card padding="lg" style={sandbox ? { borderColor: 'var(--mantine-color-orange-4)' } : undefined}>
      <Stack gap="sm" h="100%" justify="space-between">
        <Stack gap="xs">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Avatar color={networkColor(option.network)} radius="md" variant="filled">
                {option.displayName.slice(0, 1).toUpperCase()}
              </Avatar>
              <Text fw={600}>{option.displayName}</Text>
            </Group>
            {sandbox ? (
              <Badge color="orange" variant="filled" radius="sm">
                {t('sandbox.badge')}
              </Badge>
            ) : (
              <Badge color="gray" variant="light" radius="sm">
                {t('connect.live')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c={sandbox ? 'orange.8' : 'dimmed'}>
            {sandbox ? t('sandbox.description') : t('connect.liveDescription', { network: option.displayName })}
          </Text>
        </Stack>
        <Button
          variant={sandbox ? 'light' : 'filled'}
          color={sandbox ? 'orange' : undefined}
          loading={busy}
          onClick={onConnect}
          data-testid={`connect-${optionKey(option)}`}
        >
          {t('connect.button', { network: option.displayName })}
        </Button>
      </Stack>
    </Card>
  );
}

/** One card per network and environment the server can connect, each starting its own sign-in flow. */
export function ConnectCards({
  options,
  onConnected,
}: {
  options: NetworkOption[];
  onConnected: (account: Account) => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const toast = useToast();
  const [starting, setStarting] = useState<string | null>(null);
  const [passwordOption, setPasswordOption] = useState<NetworkOption | null>(null);
  const [serverOption, setServerOption] = useState<NetworkOption | null>(null);

  const connect = async (option: NetworkOption, server?: string) => {
    if (option.connect.kind === 'password') {
      setPasswordOption(option);
      return;
    }
    // networks posted by hand have no sign-in: ManualNetworkCards adds their profiles
    if (option.connect.kind !== 'oauth2') return;
    if (option.connect.needsServer && server === undefined) {
      setServerOption(option);
      return;
    }
    setStarting(optionKey(option));
    try {
      const { authorizeUrl } = await startOAuth(workspace.id, option.network, option.environment, server);
      window.location.assign(authorizeUrl);
    } catch (error) {
      toast({ color: 'red', title: t('connect.failed'), message: errorMessage(error) });
      setStarting(null);
    }
  };

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
        {options.map((option) => (
          <ConnectCard
            key={optionKey(option)}
            option={option}
            busy={starting === optionKey(option)}
            onConnect={() => void connect(option)}
          />
        ))}
      </SimpleGrid>
      <ServerConnectModal
        option={serverOption}
        onClose={() => setServerOption(null)}
        onSubmit={(option, server) => {
          setServerOption(null);
          void connect(option, server);
        }}
      />
      <PasswordConnectModal
        option={passwordOption}
        onClose={() => setPasswordOption(null)}
        onConnected={(account) => {
          setPasswordOption(null);
          onConnected(account);
        }}
      />
    </>
  );
}
