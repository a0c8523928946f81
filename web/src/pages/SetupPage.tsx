import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { runSetup, sessionKey, setupKey } from '../api/session';
import { AuthFrame } from '../components/AuthFrame';
import { TimeZoneSelect } from '../components/TimeZoneSelect';
import { userTimeZone } from '../time';

const MIN_PASSWORD = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Fields {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
  timeZone: string;
}

type FieldErrors = Partial<Record<keyof Fields, string>>;

/** First run: the owner's account and the first workspace, in one form. */
export function SetupPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Fields>({
    name: '',
    email: '',
    password: '',
    workspaceName: '',
    timeZone: userTimeZone(),
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: keyof Fields) => (value: string) => setFields((current) => ({ ...current, [key]: value }));

  const check = (): FieldErrors => {
    const found: FieldErrors = {};
    if (!fields.name.trim()) found.name = t('setup.errors.nameRequired');
    if (!EMAIL.test(fields.email.trim())) found.email = t('setup.errors.emailInvalid');
    if (fields.password.length < MIN_PASSWORD)
      found.password = t('setup.errors.passwordShort', { count: MIN_PASSWORD });
    if (!fields.workspaceName.trim()) found.workspaceName = t('setup.errors.workspaceRequired');
    if (!fields.timeZone) found.timeZone = t('setup.errors.timeZoneRequired');
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await runSetup({
        name: fields.name.trim(),
        email: fields.email.trim(),
        password: fields.password,
        workspaceName: fields.workspaceName.trim(),
        timeZone: fields.timeZone,
      });
      queryClient.setQueryData(setupKey, { needsSetup: false });
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          {failure && (
            <Alert color="red" title={t('setup.failed')} data-testid="setup-error">
              {failure}
            </Alert>
          )}
          <TextInput
            label={t('setup.name')}
            autoComplete="name"
            required
            value={fields.name}
            onChange={(event) => set('name')(event.currentTarget.value)}
            error={errors.name}
            data-testid="setup-name"
          />
          <TextInput
            label={t('setup.email')}
            type="email"
            autoComplete="email"
            required
            value={fields.email}
            onChange={(event) => set('email')(event.currentTarget.value)}
            error={errors.email}
            data-testid="setup-email"
          />
          <PasswordInput
            label={t('setup.password')}
            description={t('setup.passwordHint', { count: MIN_PASSWORD })}
            autoComplete="new-password"
            required
            value={fields.password}
            onChange={(event) => set('password')(event.currentTarget.value)}
            error={errors.password}
            data-testid="setup-password"
          />
          <TextInput
            label={t('setup.workspace')}
            description={t('setup.workspaceHint')}
            required
            value={fields.workspaceName}
            onChange={(event) => set('workspaceName')(event.currentTarget.value)}
            error={errors.workspaceName}
            data-testid="setup-workspace"
          />
          <TimeZoneSelect
            label={t('setup.timeZone')}
            description={t('setup.timeZoneHint')}
            nothingFoundMessage={t('common.nothingFound')}
            required
            value={fields.timeZone}
            onChange={set('timeZone')}
            error={errors.timeZone}
            data-testid="setup-timezone"
          />
          <Button type="submit" size="md" loading={busy} mt="xs" data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
