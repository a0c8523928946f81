import { DateTime } from 'luxon';

/** How a wall-clock time that a daylight-saving change makes odd is resolved. */
export type DstAdjustment = 'moved_past_gap' | 'earlier_of_overlap';

export interface ResolvedWallClock {
  /** The instant, as ISO 8601 with its offset. */
  iso: string;
  adjustment?: DstAdjustment;
}

/**
 * The instant a wall-clock date and time name in a zone, by Crier's documented rule (the server's,
 * src/core/time.ts, decides; this shows the person what it will decide): a time in a gap moves
 * forward by the gap; a time that happens twice takes the earlier instant.
 */
export function resolveWallClock(date: string, time: string, zone: string): ResolvedWallClock | null {
  const clock = `${date}T${time.length === 5 ? `${time}:00` : time}`;
  const local = DateTime.fromISO(clock, { zone });
  const wall = DateTime.fromISO(clock, { zone: 'utc' });
  if (!local.isValid || !wall.isValid) return null;
  if (local.hour !== wall.hour || local.minute !== wall.minute) {
    return { iso: local.toISO({ suppressMilliseconds: true }) ?? clock, adjustment: 'moved_past_gap' };
  }
  const instants = [local.offset, local.minus({ hours: 3 }).offset, local.plus({ hours: 3 }).offset]
    .map((offset) => wall.toMillis() - offset * 60_000)
    .filter((instant) => {
      const back = DateTime.fromMillis(instant, { zone });
      return back.day === wall.day && back.hour === wall.hour && back.minute === wall.minute;
    });
  const unique = [...new Set(instants)].sort((a, b) => a - b);
  const earliest = DateTime.fromMillis(unique[0] ?? local.toMillis(), { zone });
  const iso = earliest.toISO({ suppressMilliseconds: true }) ?? clock;
  return unique.length > 1 ? { iso, adjustment: 'earlier_of_overlap' } : { iso };
}

/** What `POST /posts` says when the rule changed or chose the time. */
export interface ScheduleAdjustment {
  kind: DstAdjustment;
  requested: string;
  timeZone: string;
  at: string;
  message: string;
}

export function scheduleAdjustmentOf(created: unknown): ScheduleAdjustment | undefined {
  const adjustment = (created as { scheduleAdjustment?: ScheduleAdjustment } | null)?.scheduleAdjustment;
  return adjustment && typeof adjustment.kind === 'string' ? adjustment : undefined;
}
