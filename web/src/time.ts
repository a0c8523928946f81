import { DateTime } from 'luxon';

/** The person's own time zone, as the browser knows it. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let zonesCache: string[] | undefined;

/** Every IANA time zone the browser knows, with UTC and the person's own zone always among them. */
export function timeZones(): string[] {
  if (!zonesCache) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    zonesCache = Array.from(new Set([...known, 'UTC', userTimeZone()])).sort();
  }
  return zonesCache;
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

function inZone(iso: string, zone: string, locale: string): DateTime {
  return DateTime.fromISO(iso, { setZone: true }).setZone(zone).setLocale(locale);
}

/** "Nov 26, 2026, 10:00 AM" or "2026年11月26日 10:00", in the given zone. */
export function formatDateTime(iso: string, zone: string, locale: string): string {
  return inZone(iso, zone, locale).toLocaleString(DateTime.DATETIME_MED);
}

export function formatTime(iso: string, zone: string, locale: string): string {
  return inZone(iso, zone, locale).toLocaleString(DateTime.TIME_SIMPLE);
}

export function formatDate(iso: string, zone: string, locale: string): string {
  return inZone(iso, zone, locale).toLocaleString(DateTime.DATE_MED);
}

/** A day heading: "Thursday, November 26, 2026" / "2026年11月26日木曜日". */
export function formatDay(dayKey: string, zone: string, locale: string): string {
  return DateTime.fromISO(dayKey, { zone }).setLocale(locale).toLocaleString(DateTime.DATE_HUGE);
}

/** The calendar day (yyyy-MM-dd) an instant falls on in a zone. */
export function dayKeyOf(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { setZone: true }).setZone(zone).toISODate() ?? iso.slice(0, 10);
}

export function todayKey(zone: string): string {
  return DateTime.now().setZone(zone).toISODate() ?? '';
}

/** "GMT+9" style offset of a zone right now, for labels. */
export function zoneOffsetLabel(zone: string): string {
  const now = DateTime.now().setZone(zone);
  return now.isValid ? `UTC${now.toFormat('ZZ')}` : '';
}

/** Wall-clock date (YYYY-MM-DD) and time (HH:mm:ss) of an instant in a zone, as the pickers hold them. */
export function wallClock(moment: DateTime, zone: string): { date: string; time: string } {
  const local = moment.setZone(zone);
  return { date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm:ss') };
}

/**
 * The instant a wall-clock date and time name in a zone, as ISO 8601 with its offset
 * (2026-11-26T10:00:00+09:00), or null when incomplete or invalid.
 */
export function zonedIso(date: string | null, time: string, zone: string): string | null {
  if (!date || !time) return null;
  const clock = time.length === 5 ? `${time}:00` : time;
  const moment = DateTime.fromISO(`${date}T${clock}`, { zone });
  if (!moment.isValid) return null;
  return moment.toISO({ suppressMilliseconds: true });
}
