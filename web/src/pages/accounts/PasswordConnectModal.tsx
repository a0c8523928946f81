import { Alert, Button, Code, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectWithPassword } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import type { Account, NetworkOption } from '../../api/types';
import { SandboxBadge } from '../../components/badges';
import { useWorkspace } from '../../workspace';

interface Props {
  option: NetworkOption | null;
  onClose: () => void;
  onConnected: (account: Account) => void;
}

/** Connects an account that signs in with a handle and an app password (Bluesky, Mastodon-style). */
export function PasswordConnectModal({ option, onClose, onConnected }: Props) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [service, setService] = useState('');
  const [identifier, setIdentifier] = useState('');
  const [secret, setSecret] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const connect = option?.connect.kind === 'password' ? option.connect : null;

  useEffect(() => {
    setService(connect?.defaultService ?? '');
    setIdentifier('');
    setSecret('');
    setFailure(null);
    setBusy(false);
  }, [connect]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!option) return;
    setBusy(true);
    setFailure(null);
    try {
      const account = await connectWithPassword(workspace.id, {
        network: option.network,
        environment: option.environment,
        service: service.trim(),
        identifier: identifier.trim(),
        password: secret,
      });
      onConnected(account);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const secretLabel = connect?.secretLabel || t('connect.secret');

  return (
    <Modal
      opened={option !== null}
      onClose={onClose}
      centered
      size="md"
      title={
        <Group gap="xs">
          <Text fw={600}>{t('connect.modalTitle', { network: option?.displayName ?? '' })}</Text>
          {option && <SandboxBadge environment={option.environment} />}
        </Group>
      }
    >
      <form onSubmit={(event) => void submit(event)}>
        <Stack gap="md">
          {failure && (
            <Alert color="red" title={t('connect.failed')} data-testid="connect-error">
              {failure}
            </Alert>
          )}
          {connect?.hint && (
            <Alert color="orange" variant="light" title={t('connect.demoTitle')} data-testid="connect-hint">
              <Stack gap={6}>
                <Text size="sm">
                  {t('connect.demoText')} <Code>{connect.hint.identifier}</Code> / <Code>{connect.hint.password}</Code>
                </Text>
                <Group>
                  <Button
                    size="compact-sm"
                    variant="white"
                    color="orange"
                    data-testid="connect-use-demo"
                    onClick={() => {
                      if (!connect.hint) return;
                      setIdentifier(connect.hint.identifier);
                      setSecret(connect.hint.password);
                    }}
                  >
                    {t('connect.useDemo')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          <TextInput
            label={t('connect.service')}
            description={t('connect.serviceHint')}
            required
            value={service}
            onChange={(event) => setService(event.currentTarget.value)}
            data-testid="connect-service"
          />
          <TextInput
            label={t('connect.identifier')}
            placeholder={t('connect.identifierPlaceholder')}
            required
            autoComplete="off"
            value={identifier}
            onChange={(event) => setIdentifier(event.currentTarget.value)}
            data-testid="connect-identifier"
          />
          <PasswordInput
            label={secretLabel}
            required
            autoComplete="off"
            value={secret}
            onChange={(event) => setSecret(event.currentTarget.value)}
            data-testid="connect-secret"
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="connect-submit">
              {t('connect.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
