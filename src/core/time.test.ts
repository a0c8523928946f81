import { describe, expect, it } from 'vitest';
import { describeAdjustment, resolveScheduleTime } from './time.js';

const utc = (value: string) => Date.parse(value);

describe('resolveScheduleTime', () => {
  it('takes an ISO time with an offset as the exact instant, whatever the zone', () => {
    expect(resolveScheduleTime('2026-07-01T12:00:00+09:00', 'Europe/Berlin')).toEqual({
      ok: true,
      at: utc('2026-07-01T03:00:00Z'),
    });
    expect(resolveScheduleTime('2026-07-01T03:00:00Z', 'Asia/Tokyo')).toEqual({
      ok: true,
      at: utc('2026-07-01T03:00:00Z'),
    });
  });

  it('reads a wall-clock time in the given zone (Tokyo has no daylight saving)', () => {
    expect(resolveScheduleTime('2026-03-08T02:30', 'Asia/Tokyo')).toEqual({
      ok: true,
      at: utc('2026-03-07T17:30:00Z'),
    });
    expect(resolveScheduleTime('2026-11-01T01:30', 'Asia/Tokyo')).toEqual({
      ok: true,
      at: utc('2026-10-31T16:30:00Z'),
    });
  });

  it('moves a time inside a spring-forward gap forward by the gap', () => {
    expect(resolveScheduleTime('2026-03-08T02:30', 'America/New_York')).toEqual({
      ok: true,
      at: utc('2026-03-08T07:30:00Z'),
      adjustment: 'moved_past_gap',
    });
    expect(resolveScheduleTime('2026-03-29T02:30', 'Europe/Berlin')).toEqual({
      ok: true,
      at: utc('2026-03-29T01:30:00Z'),
      adjustment: 'moved_past_gap',
    });
  });

  it('takes the earlier instant of a time that happens twice in a fall-back overlap', () => {
    expect(resolveScheduleTime('2026-11-01T01:30', 'America/New_York')).toEqual({
      ok: true,
      at: utc('2026-11-01T05:30:00Z'),
      adjustment: 'earlier_of_overlap',
    });
    expect(resolveScheduleTime('2026-10-25T02:30', 'Europe/Berlin')).toEqual({
      ok: true,
      at: utc('2026-10-25T00:30:00Z'),
      adjustment: 'earlier_of_overlap',
    });
  });

  it('leaves ordinary times alone next to a transition', () => {
    expect(resolveScheduleTime('2026-03-08T03:30', 'America/New_York')).toEqual({
      ok: true,
      at: utc('2026-03-08T07:30:00Z'),
    });
    expect(resolveScheduleTime('2026-11-01T02:30', 'America/New_York')).toEqual({
      ok: true,
      at: utc('2026-11-01T07:30:00Z'),
    });
  });

  it('explains what is wrong with an unreadable time', () => {
    const result = resolveScheduleTime('next tuesday', 'Asia/Tokyo');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('next tuesday is not a valid date and time in Asia/Tokyo');
  });

  it('explains an adjustment in words the person can check', () => {
    const gap = resolveScheduleTime('2026-03-08T02:30', 'America/New_York');
    if (!gap.ok) throw new Error('unexpected');
    expect(describeAdjustment('2026-03-08T02:30', 'America/New_York', gap)).toEqual({
      kind: 'moved_past_gap',
      requested: '2026-03-08T02:30',
      timeZone: 'America/New_York',
      at: utc('2026-03-08T07:30:00Z'),
      message:
        '2026-03-08 02:30 does not exist in America/New_York: clocks move forward then. Crier moved it forward by the gap, to 2026-03-08 03:30 (UTC-04:00).',
    });
    const overlap = resolveScheduleTime('2026-10-25T02:30', 'Europe/Berlin');
    if (!overlap.ok) throw new Error('unexpected');
    expect(describeAdjustment('2026-10-25T02:30', 'Europe/Berlin', overlap)?.message).toBe(
      '2026-10-25 02:30 happens twice in Europe/Berlin: clocks move back then. Crier takes the first one, 2026-10-25 02:30 (UTC+02:00).',
    );
    const tokyo = resolveScheduleTime('2026-03-08T02:30', 'Asia/Tokyo');
    if (!tokyo.ok) throw new Error('unexpected');
    expect(describeAdjustment('2026-03-08T02:30', 'Asia/Tokyo', tokyo)).toBeUndefined();
  });
});
