import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { Button, Group, Stack, Text } from '@mantine/core';
import { DatePickerInput, DatesProvider, TimeInput } from '@mantine/dates';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { formatDateTime, userTimeZone, wallClock, zonedIso } from '../../time';
import { useLocaleZone } from '../../workspace';

/** A wall-clock date and time in a chosen zone: what the person means by "10:00 on the 26th". */
export interface Schedule {
  date: string | null;
  time: string;
  zone: string;
}

/** The next full hour, in the person's own zone. */
export function defaultSchedule(): Schedule {
  const zone = userTimeZone();
  const next = DateTime.now().setZone(zone).plus({ hours: 1 }).startOf('hour');
  return { ...wallClock(next, zone), zone };
}

export function scheduleIso(schedule: Schedule): string | null {
  return zonedIso(schedule.date, schedule.time, schedule.zone);
}

export function SchedulePicker({ value, onChange }: { value: Schedule; onChange: (schedule: Schedule) => void }) {
  const { t } = useTranslation();
  const { locale, zone: ownZone } = useLocaleZone();
  const iso = scheduleIso(value);
  const past = iso !== null && Date.parse(iso) < Date.now() - 60_000;

  const setMoment = (moment: DateTime) => onChange({ ...value, ...wallClock(moment, value.zone) });

  return (
    <DatesProvider settings={{ locale: locale.startsWith('ja') ? 'ja' : 'en' }}>
      <Stack gap="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DatePickerInput
            label={t('compose.schedule.date')}
            value={value.date}
            onChange={(date) => onChange({ ...value, date })}
            valueFormat={t('compose.schedule.dateFormat')}
            w={190}
            data-testid="compose-date"
          />
          <TimeInput
            label={t('compose.schedule.time')}
            withSeconds
            value={value.time}
            onChange={(event) => onChange({ ...value, time: event.currentTarget.value })}
            w={140}
            data-testid="compose-time"
          />
          <TimeZoneSelect
            label={t('compose.schedule.zone')}
            nothingFoundMessage={t('common.nothingFound')}
            value={value.zone}
            onChange={(zone) => onChange({ ...value, zone })}
            w={280}
            data-testid="compose-timezone"
          />
        </Group>
        <Group gap="xs">
          <Button
            variant="light"
            size="compact-sm"
            onClick={() => setMoment(DateTime.now().plus({ minutes: 2 }))}
            data-testid="compose-in-2-minutes"
          >
            {t('compose.schedule.inTwoMinutes')}
          </Button>
          <Button variant="light" size="compact-sm" onClick={() => setMoment(DateTime.now())} data-testid="compose-now">
            {t('compose.schedule.now')}
          </Button>
        </Group>
        <Text size="sm" c={iso ? 'dimmed' : 'red.7'} data-testid="compose-schedule-summary">
          {iso
            ? t('compose.schedule.summary', { time: formatDateTime(iso, value.zone, locale), zone: value.zone })
            : t('compose.schedule.incomplete')}
          {iso && value.zone !== ownZone && (
            <> · {t('compose.schedule.yourTime', { time: formatDateTime(iso, ownZone, locale), zone: ownZone })}</>
          )}
        </Text>
        {past && (
          <Text size="sm" c="orange.8">
            {t('compose.schedule.past')}
          </Text>
        )}
      </Stack>
    </DatesProvider>
  );
}
