import { DateTime } from 'luxon';

export type ScheduleTimeResult =
  | { ok: true; at: number; adjustment?: 'moved_past_gap' | 'earlier_of_overlap' }
  | { ok: false; message: string };

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Resolves a schedule time. An ISO time with an offset (or Z) is an exact instant. A wall-clock time
 * without offset ("2026-03-29T02:30") is read in `timeZone`, by this documented rule:
 * - in a daylight-saving gap (a time that does not exist) it moves forward by the gap's length;
 * - in an overlap (a time that happens twice) it is the earlier of the two instants.
 */
export function resolveScheduleTime(value: string, timeZone: string): ScheduleTimeResult {
  const trimmed = value.trim();
  if (HAS_OFFSET.test(trimmed)) {
    const exact = DateTime.fromISO(trimmed, { setZone: true });
    if (!exact.isValid) return { ok: false, message: `${value} is not a valid date and time` };
    return { ok: true, at: exact.toMillis() };
  }
  const local = DateTime.fromISO(trimmed, { zone: timeZone });
  if (!local.isValid) {
    return {
      ok: false,
      message: `${value} is not a valid date and time in ${timeZone} (${local.invalidExplanation ?? local.invalidReason})`,
    };
  }
  const wall = DateTime.fromISO(trimmed, { zone: 'utc' });
  const sameWallTime = local.hour === wall.hour && local.minute === wall.minute;
  if (!sameWallTime) return { ok: true, at: local.toMillis(), adjustment: 'moved_past_gap' };
  const candidates = [local.offset, ...offsetsAround(local)]
    .map((offset) => wall.toMillis() - offset * 60_000)
    .filter((instant) => {
      const back = DateTime.fromMillis(instant, { zone: timeZone });
      return back.hour === wall.hour && back.minute === wall.minute && back.day === wall.day;
    });
  const unique = [...new Set(candidates)].sort((a, b) => a - b);
  const earliest = unique[0] ?? local.toMillis();
  return unique.length > 1 ? { ok: true, at: earliest, adjustment: 'earlier_of_overlap' } : { ok: true, at: earliest };
}

/** What the person asked for, what Crier made of it, and why: returned with the schedule and shown. */
export interface ScheduleAdjustment {
  kind: 'moved_past_gap' | 'earlier_of_overlap';
  /** The wall-clock time as the person wrote it. */
  requested: string;
  timeZone: string;
  /** The instant Crier will publish at, epoch ms. */
  at: number;
  message: string;
}

/** Explains a resolved time that the daylight-saving rule changed or chose, in plain words. */
export function describeAdjustment(
  requested: string,
  timeZone: string,
  resolved: { at: number; adjustment?: 'moved_past_gap' | 'earlier_of_overlap' },
): ScheduleAdjustment | undefined {
  if (!resolved.adjustment) return undefined;
  const wall = DateTime.fromISO(requested.trim(), { zone: 'utc' });
  const asked = wall.isValid ? wall.toFormat('yyyy-MM-dd HH:mm') : requested;
  const chosen = DateTime.fromMillis(resolved.at, { zone: timeZone });
  const publishesAt = `${chosen.toFormat('yyyy-MM-dd HH:mm')} (UTC${chosen.toFormat('ZZ')})`;
  const message =
    resolved.adjustment === 'moved_past_gap'
      ? `${asked} does not exist in ${timeZone}: clocks move forward then. Crier moved it forward by the gap, to ${publishesAt}.`
      : `${asked} happens twice in ${timeZone}: clocks move back then. Crier takes the first one, ${publishesAt}.`;
  return { kind: resolved.adjustment, requested, timeZone, at: resolved.at, message };
}

function offsetsAround(local: DateTime): number[] {
  return [local.minus({ hours: 3 }).offset, local.plus({ hours: 3 }).offset];
}
