import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkOption } from '../../api/types';

/** For networks of many servers (Mastodon): asks which server the account lives on before signing in. */
export function ServerConnectModal(props: {
  option: NetworkOption | null;
  onClose: () => void;
  onSubmit: (option: NetworkOption, server: string) => void;
}) {
  const { t } = useTranslation();
  const [server, setServer] = useState('');
  const option = props.option;
  const needsServer = option?.connect.kind === 'oauth2' ? option.connect.needsServer : undefined;
  useEffect(() => {
    if (option) setServer('');
  }, [option]);

  return (
    <Modal
      opened={option !== null}
      onClose={props.onClose}
      title={option ? t('connect.serverTitle', { network: option.displayName }) : ''}
    >
      {option && needsServer && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (server.trim()) props.onSubmit(option, server.trim());
          }}
        >
          <Stack>
            <Text size="sm">
              {t('connect.serverHint', { network: option.displayName, example: needsServer.example })}
            </Text>
            <TextInput
              label={t('connect.serverLabel')}
              placeholder={needsServer.example}
              value={server}
              onChange={(event) => setServer(event.currentTarget.value)}
              data-testid="connect-server"
              autoFocus
              required
            />
            <Group justify="flex-end">
              <Button type="submit" disabled={!server.trim()} data-testid="connect-server-submit">
                {t('connect.serverContinue')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
