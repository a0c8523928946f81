import { Alert, Anchor, Checkbox, Group, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAccounts } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import { NetworkBadge, SandboxBadge } from '../../components/badges';
import { Link } from '../../router';
import { useWorkspace } from '../../workspace';

interface Props {
  selected: string[];
  onChange: (accountIds: string[]) => void;
}

/** The accounts a post goes to, one checkbox each. */
export function AccountPicker({ selected, onChange }: Props) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const accounts = useAccounts(workspace.id);

  if (accounts.isPending) return <Loader size="sm" />;
  if (accounts.isError) return <Alert color="red">{errorMessage(accounts.error)}</Alert>;
  if (accounts.data.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="compose-no-accounts">
        {t('compose.accounts.none')}{' '}
        <Anchor component={Link} href="/accounts" size="sm">
          {t('compose.accounts.connect')}
        </Anchor>
      </Text>
    );
  }

  const toggle = (id: string, checked: boolean) =>
    onChange(checked ? [...selected, id] : selected.filter((other) => other !== id));

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
      {accounts.data.map((account) => {
        const checked = selected.includes(account.id);
        return (
          <Paper
            key={account.id}
            withBorder
            p="sm"
            style={checked ? { borderColor: 'var(--mantine-primary-color-filled)' } : undefined}
          >
            <Checkbox
              checked={checked}
              onChange={(event) => toggle(account.id, event.currentTarget.checked)}
              data-testid={`compose-account-${account.id}`}
              label={
                <Stack gap={4}>
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {account.displayName || account.handle}
                    </Text>
                    <NetworkBadge network={account.network} size="sm" />
                    <SandboxBadge environment={account.environment} />
                  </Group>
                  <Text size="xs" c="dimmed">
                    {account.handle.startsWith('@') ? account.handle : `@${account.handle}`}
                  </Text>
                </Stack>
              }
            />
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
