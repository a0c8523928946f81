import { Alert, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountsKey, useAccounts, useNetworkOptions } from '../api/accounts';
import { errorMessage } from '../api/client';
import type { Account } from '../api/types';
import { useToast } from '../components/Toasts';
import { Link } from '../router';
import { useWorkspace } from '../workspace';
import { AccountList } from './accounts/AccountList';
import { ChooseAccountsModal } from './accounts/ChooseAccountsModal';
import { ConnectCards } from './accounts/ConnectCards';
import { ManualNetworkCards } from './accounts/ManualNetworkCards';

/** Shows the outcome of an OAuth round trip (`?connected=<id>` or `?error=<message>`) once, then cleans the address. */
function useOAuthOutcome(): { choiceToken: string | null; clearChoice: () => void } {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();

  const [choiceToken, setChoiceToken] = useState<string | null>(null);

  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const connected = params.get('connected');
    const error = params.get('error');
    const choose = params.get('choose');
    if (choose !== null) {
      window.history.replaceState(null, '', window.location.pathname);
      setChoiceToken(choose);
      return;
    }
    if (connected === null && error === null) return;
    window.history.replaceState(null, '', window.location.pathname);
    if (error !== null) {
      toast({ color: 'red', title: t('connect.failed'), message: error });
    } else {
      void queryClient.invalidateQueries({ queryKey: accountsKey(workspace.id) }).then(() => {
        const accounts = queryClient.getQueryData<Account[]>(accountsKey(workspace.id));
        const handle = accounts?.find((account) => account.id === connected)?.handle;
        toast({ color: 'green', title: t('connect.succeeded'), message: handle });
      });
    }
  }, [t, toast, queryClient, workspace.id]);

  return { choiceToken, clearChoice: () => setChoiceToken(null) };
}

export function AccountsPage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const accounts = useAccounts(workspace.id);
  const networks = useNetworkOptions();
  const { choiceToken, clearChoice } = useOAuthOutcome();

  const onConnected = (account: Account) => {
    toast({ color: 'green', title: t('connect.succeeded'), message: account.handle });
    void queryClient.invalidateQueries({ queryKey: accountsKey(workspace.id) });
  };
  const onProfileAdded = (account: Account) => {
    toast({ color: 'green', title: t('manual.added'), message: account.handle });
    void queryClient.invalidateQueries({ queryKey: accountsKey(workspace.id) });
  };
  const byHand = networks.data?.filter((option) => option.publishing === 'manual') ?? [];
  const connectable = networks.data?.filter((option) => option.publishing !== 'manual');

  return (
    <Stack gap="xl">
      {choiceToken && (
        <ChooseAccountsModal
          workspaceId={workspace.id}
          token={choiceToken}
          onClose={clearChoice}
          onDone={(connected) => {
            clearChoice();
            for (const account of connected) onConnected(account);
          }}
        />
      )}
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz={28}>
            {t('accounts.title')}
          </Title>
          <Text c="dimmed">{t('accounts.subtitle')}</Text>
        </div>
        {accounts.data && accounts.data.length > 0 && (
          <Button component={Link} href="/compose" variant="light">
            {t('accounts.composeCta')}
          </Button>
        )}
      </Group>

      <Stack gap="sm">
        <Title order={2} fz={18}>
          {t('accounts.connected')}
        </Title>
        {accounts.isPending && <Loader size="sm" />}
        {accounts.isError && <Alert color="red">{errorMessage(accounts.error)}</Alert>}
        {accounts.data?.length === 0 && (
          <Card padding="lg" bg="gray.0" style={{ borderStyle: 'dashed' }} data-testid="accounts-empty">
            <Text c="dimmed" ta="center">
              {t('accounts.empty')}
            </Text>
          </Card>
        )}
        {accounts.data && accounts.data.length > 0 && (
          <AccountList
            accounts={accounts.data}
            isByHand={(account) =>
              byHand.some((option) => option.network === account.network && option.environment === account.environment)
            }
          />
        )}
      </Stack>

      <Stack gap="sm">
        <div>
          <Title order={2} fz={18}>
            {t('connect.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('connect.subtitle')}
          </Text>
        </div>
        {networks.isPending && <Loader size="sm" />}
        {networks.isError && <Alert color="red">{errorMessage(networks.error)}</Alert>}
        {connectable && <ConnectCards options={connectable} onConnected={onConnected} />}
      </Stack>

      <ManualNetworkCards options={byHand} onAdded={onProfileAdded} />
    </Stack>
  );
}
