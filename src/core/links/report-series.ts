import { DateTime } from 'luxon';

/**
 * Time series of a link report. Storage counts clicks in 15-minute slots (every time zone's offset is
 * a multiple of 15 minutes); the slots are folded here into hours or days of the reader's time zone,
 * daylight-saving days of 23 or 25 hours included.
 */
export const SLOT_MS = 15 * 60_000;

export const SERIES_INTERVALS = ['hour', 'day'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];

export const MAX_BUCKETS: Record<SeriesInterval, number> = { hour: 24 * 31, day: 400 };

export interface SlotCounts {
  /** Start of the 15-minute slot, epoch ms. */
  slot: number;
  clicks: number;
  botClicks: number;
  conversions: number;
}

export interface SeriesPoint {
  start: number;
  clicks: number;
  botClicks: number;
  conversions: number;
}

/** Every bucket of [from, to) in order, empty ones included, so a chart has no gaps to guess. */
export function foldSeries(
  slots: readonly SlotCounts[],
  range: { from: number; to: number; interval: SeriesInterval; timeZone: string },
): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  const index = new Map<number, SeriesPoint>();
  let cursor = DateTime.fromMillis(range.from, { zone: range.timeZone }).startOf(range.interval);
  while (cursor.toMillis() < range.to && points.length < MAX_BUCKETS[range.interval]) {
    const point = { start: cursor.toMillis(), clicks: 0, botClicks: 0, conversions: 0 };
    points.push(point);
    index.set(point.start, point);
    cursor = cursor.plus({ [range.interval]: 1 }).startOf(range.interval);
  }
  for (const slot of slots) {
    const start = DateTime.fromMillis(slot.slot, { zone: range.timeZone }).startOf(range.interval).toMillis();
    const point = index.get(start);
    if (!point) continue;
    point.clicks += slot.clicks;
    point.botClicks += slot.botClicks;
    point.conversions += slot.conversions;
  }
  return points;
}
