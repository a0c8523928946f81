import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { Button, Group, Stack, Text } from '@mantine/core';
import { DatePickerInput, DatesProvider, TimeInput } from '@mantine/dates';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { formatDateTime, userTimeZone, wallClock } from '../../time';
import { useLocaleZone } from '../../workspace';
import { resolveWallClock } from './daylightSaving';

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

/** The instant the schedule names, by Crier's daylight-saving rule; null when incomplete or invalid. */
export function scheduleIso(schedule: Schedule): string | null {
  if (!schedule.date || !schedule.time) return null;
  return resolveWallClock(schedule.date, schedule.time, schedule.zone)?.iso ?? null;
}

/**
 * The wall-clock time as the person chose it, without an offset, for `POST /posts` with the zone: the
 * server applies the daylight-saving rule and says how it resolved an odd time.
 */
export function scheduleWallClock(schedule: Schedule): string | null {
  if (!schedule.date || !schedule.time || !scheduleIso(schedule)) return null;
  return `${schedule.date}T${schedule.time.length === 5 ? `${schedule.time}:00` : schedule.time}`;
}

export function SchedulePicker({ value, onChange }: { value: Schedule; onChange: (schedule: Schedule) => void }) {
  const { t } = useTranslation();
  const { locale, zone: ownZone } = useLocaleZone();
  const iso = scheduleIso(value);
  const adjustment =
    value.date && value.time ? resolveWallClock(value.date, value.time, value.zone)?.adjustment : undefined;
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
        {iso && adjustment && (
          <Text size="sm" c="orange.8" data-testid="compose-schedule-dst">
            {t(adjustment === 'moved_past_gap' ? 'compose.schedule.dstGap' : 'compose.schedule.dstOverlap', {
              time: formatDateTime(iso, value.zone, locale),
              zone: value.zone,
            })}
          </Text>
        )}
        {past && (
          <Text size="sm" c="orange.8">
            {t('compose.schedule.past')}
          </Text>
        )}
      </Stack>
    </DatesProvider>
  );
}
