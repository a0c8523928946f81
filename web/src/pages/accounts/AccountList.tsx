import { Avatar, Button, Card, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountsKey, disconnectAccount } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import type { Account } from '../../api/types';
import { AccountStateBadge, NetworkBadge, SandboxBadge } from '../../components/badges';
import { networkColor } from '../../components/networkStyle';
import { useToast } from '../../components/Toasts';
import { useWorkspace } from '../../workspace';
import { ByHandBadge } from './ManualNetworkCards';

function AccountRow({
  account,
  byHand,
  onDisconnect,
}: {
  account: Account;
  byHand: boolean;
  onDisconnect: () => void;
}) {
  const { t } = useTranslation();
  const name = account.displayName || account.handle;
  return (
    <Card padding="md" data-testid={`account-${account.id}`}>
      <Group justify="space-between" wrap="nowrap">
        <Group wrap="nowrap" gap="md" miw={0}>
          <Avatar src={account.avatarUrl || null} alt="" color={networkColor(account.network)} radius="xl" size={44}>
            {name.replace(/^@/, '').slice(0, 2).toUpperCase()}
          </Avatar>
          <Stack gap={4} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Text fw={600} truncate>
                {name}
              </Text>
              <NetworkBadge network={account.network} />
              <SandboxBadge environment={account.environment} />
              {byHand && <ByHandBadge />}
            </Group>
            <Group gap="sm">
              <Text size="sm" c="dimmed" truncate>
                {account.handle.startsWith('@') ? account.handle : `@${account.handle}`}
              </Text>
              <AccountStateBadge state={account.state} />
            </Group>
          </Stack>
        </Group>
        <Button
          variant="subtle"
          color="red"
          size="compact-sm"
          onClick={onDisconnect}
          data-testid={`disconnect-${account.id}`}
        >
          {t('accounts.disconnect')}
        </Button>
      </Group>
    </Card>
  );
}

/** `isByHand`: whether posts to the account are made by hand (its network has no API Crier can post through). */
export function AccountList({ accounts, isByHand }: { accounts: Account[]; isByHand: (account: Account) => boolean }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [leaving, setLeaving] = useState<Account | null>(null);

  const disconnect = useMutation({
    mutationFn: (account: Account) => disconnectAccount(workspace.id, account.id),
    onSuccess: (_result, account) => {
      toast({ color: 'green', title: t('accounts.disconnected', { handle: account.handle }) });
      setLeaving(null);
      void queryClient.invalidateQueries({ queryKey: accountsKey(workspace.id) });
    },
    onError: (error) => toast({ color: 'red', title: t('accounts.disconnectFailed'), message: errorMessage(error) }),
  });

  return (
    <>
      <Stack gap="sm" data-testid="account-list">
        {accounts.map((account) => (
          <AccountRow
            key={account.id}
            account={account}
            byHand={isByHand(account)}
            onDisconnect={() => setLeaving(account)}
          />
        ))}
      </Stack>
      <Modal opened={leaving !== null} onClose={() => setLeaving(null)} title={t('accounts.disconnectTitle')} centered>
        <Stack>
          <Text size="sm">{t('accounts.disconnectConfirm', { handle: leaving?.handle ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setLeaving(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={disconnect.isPending}
              onClick={() => leaving && disconnect.mutate(leaving)}
              data-testid="disconnect-confirm"
            >
              {t('accounts.disconnect')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
