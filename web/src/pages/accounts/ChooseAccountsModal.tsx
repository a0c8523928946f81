import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { choosePendingAccounts, fetchPendingChoice } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import type { Account } from '../../api/types';

/** After a login that grants several accounts (Pages, organizations), the person picks which to connect. */
export function ChooseAccountsModal(props: {
  workspaceId: string;
  token: string;
  onDone: (accounts: Account[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string[]>([]);
  const choice = useQuery({
    queryKey: ['account-choice', props.token],
    queryFn: () => fetchPendingChoice(props.workspaceId, props.token),
    retry: false,
  });
  const connect = useMutation({
    mutationFn: () => choosePendingAccounts(props.workspaceId, props.token, selected),
    onSuccess: (result) => props.onDone(result.accounts),
  });

  return (
    <Modal opened onClose={props.onClose} title={t('connect.chooseTitle')} data-testid="choose-accounts">
      <Stack>
        {choice.isError && <Alert color="red">{errorMessage(choice.error)}</Alert>}
        {choice.data && (
          <>
            <Text size="sm">{t('connect.chooseText', { network: choice.data.network })}</Text>
            <Checkbox.Group value={selected} onChange={setSelected}>
              <Stack gap="xs">
                {choice.data.candidates.map((candidate) => (
                  <Checkbox
                    key={candidate.remoteId}
                    value={candidate.remoteId}
                    label={`${candidate.displayName} (@${candidate.handle})`}
                    data-testid={`choose-${candidate.remoteId}`}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          </>
        )}
        {connect.isError && <Alert color="red">{errorMessage(connect.error)}</Alert>}
        <Group justify="flex-end">
          <Button
            onClick={() => connect.mutate()}
            disabled={selected.length === 0}
            loading={connect.isPending}
            data-testid="choose-submit"
          >
            {t('connect.chooseSubmit')}
          </Button>
        </Group>
        {selected.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('connect.chooseNone')}
          </Text>
        )}
      </Stack>
    </Modal>
  );
}
