import { Avatar, Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addManualProfile } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import type { Account, NetworkOption } from '../../api/types';
import { networkColor } from '../../components/networkStyle';
import { useWorkspace } from '../../workspace';

/** Marks a network, or a profile on it, whose posts people make by hand. */
export function ByHandBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="grape" variant="light" radius="sm" data-testid="by-hand-badge">
      {t('manual.badge')}
    </Badge>
  );
}

/**
 * A network Crier cannot post to, said plainly: posts are prepared for a person to make by hand. There
 * is no sign-in; the person names the profile they post from.
 */
function ManualNetworkCard({ option, onAdded }: { option: NetworkOption; onAdded: (account: Account) => void }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [handle, setHandle] = useState('');
  const example = option.connect.kind === 'manual' ? option.connect.example : '';
  const add = useMutation({
    mutationFn: () => addManualProfile(workspace.id, option.network, handle.trim()),
    onSuccess: (account) => {
      setHandle('');
      onAdded(account);
    },
  });
  const testId = `manual-${option.network}-${option.environment}`;

  return (
    <Card padding="lg" style={{ borderStyle: 'dashed' }} data-testid={testId}>
      <Stack gap="sm" h="100%" justify="space-between">
        <Stack gap="xs">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Avatar color={networkColor(option.network)} radius="md" variant="light">
                {option.displayName.slice(0, 1).toUpperCase()}
              </Avatar>
              <Text fw={600}>{option.displayName}</Text>
            </Group>
            <ByHandBadge />
          </Group>
          <Text size="sm">{t('manual.explanation', { network: option.displayName })}</Text>
          {option.reason && (
            <Text size="xs" c="dimmed" data-testid={`${testId}-reason`}>
              {option.reason}
            </Text>
          )}
        </Stack>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (handle.trim()) add.mutate();
          }}
        >
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label={t('manual.handleLabel', { network: option.displayName })}
              placeholder={example}
              value={handle}
              onChange={(event) => {
                setHandle(event.currentTarget.value);
                add.reset();
              }}
              error={add.isError ? errorMessage(add.error) : undefined}
              data-testid={`${testId}-handle`}
              required
            />
            <Button type="submit" variant="light" color="grape" loading={add.isPending} disabled={!handle.trim()}>
              {t('manual.add')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Card>
  );
}

/** The networks this Crier offers without an API to post through, each with the form to add a profile. */
export function ManualNetworkCards({
  options,
  onAdded,
}: {
  options: NetworkOption[];
  onAdded: (account: Account) => void;
}) {
  const { t } = useTranslation();
  if (options.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="manual-networks">
      <div>
        <Title order={2} fz={18}>
          {t('manual.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('manual.subtitle')}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
        {options.map((option) => (
          <ManualNetworkCard key={`${option.network}-${option.environment}`} option={option} onAdded={onAdded} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
