import { DateTime } from 'luxon';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME, nextQuotaReset } from './errors.js';

/**
 * YouTube's daily quota, counted by Crier so a call that would go over is refused before it is sent,
 * with a clear message, instead of failing half-way (an upload refused after its metadata).
 *
 * Google counts quota per API project (the OAuth client); Crier counts per connected channel. With
 * one channel per project the two agree. When several channels share a project, set the daily budget
 * to the project's quota divided among them. Whatever Crier counts, an answer of `quotaExceeded` from
 * YouTube itself closes the account's budget until midnight Pacific.
 */
export interface QuotaLedger {
  /** Reserves `units` (and one upload when `upload`) for the account today; false when they do not fit. */
  reserve(accountKey: string, cost: QuotaCost, now: number): Promise<QuotaReservation>;
  /** YouTube said the quota is spent: nothing more today. */
  exhaust(accountKey: string, now: number): Promise<void>;
}

export interface QuotaCost {
  units: number;
  /** Calls of `videos.insert`, for the model where uploads have a bucket of their own. */
  uploads: number;
}

export type QuotaReservation = { ok: true } | { ok: false; usedUnits: number; usedUploads: number };

export interface QuotaModel {
  /** Units per day; Google's default is 10,000. */
  dailyUnits: number;
  /**
   * Unset: `videos.insert` costs 1,600 units (its reference page). Set: uploads have their own bucket
   * of this many calls a day at no units (the 2026 quota page); see youtube.md.
   */
  uploadsPerDay?: number;
}

export const DEFAULT_QUOTA_MODEL: QuotaModel = { dailyUnits: 10_000 };

/** Units per call, from Google's quota table. */
export const QUOTA_COSTS = {
  listCall: 1,
  videosInsert: 1600,
  thumbnailsSet: 50,
  commentsInsert: 50,
};

/** The cost of uploading one video (and setting its thumbnail) under a quota model. */
export function uploadCost(model: QuotaModel, withThumbnail: boolean): QuotaCost {
  const thumbnail = withThumbnail ? QUOTA_COSTS.thumbnailsSet : 0;
  return model.uploadsPerDay === undefined
    ? { units: QUOTA_COSTS.videosInsert + thumbnail, uploads: 1 }
    : { units: thumbnail, uploads: 1 };
}

function quotaDay(now: number): string {
  return DateTime.fromMillis(now, { zone: 'America/Los_Angeles' }).toISODate() ?? '';
}

/**
 * A ledger in this process's memory. It forgets on restart (YouTube's own `quotaExceeded` then
 * closes the day) and does not see other Crier processes; a shared store can implement the interface.
 */
export function memoryQuotaLedger(model: QuotaModel): QuotaLedger {
  const usage = new Map<string, { day: string; units: number; uploads: number }>();
  const today = (key: string, now: number) => {
    const day = quotaDay(now);
    const current = usage.get(key);
    if (current?.day === day) return current;
    const fresh = { day, units: 0, uploads: 0 };
    usage.set(key, fresh);
    return fresh;
  };
  return {
    async reserve(key, cost, now) {
      const current = today(key, now);
      const unitsFit = current.units + cost.units <= model.dailyUnits;
      const uploadsFit = model.uploadsPerDay === undefined || current.uploads + cost.uploads <= model.uploadsPerDay;
      if (!unitsFit || !uploadsFit) return { ok: false, usedUnits: current.units, usedUploads: current.uploads };
      current.units += cost.units;
      current.uploads += cost.uploads;
      return { ok: true };
    },
    async exhaust(key, now) {
      const current = today(key, now);
      current.units = model.dailyUnits;
      if (model.uploadsPerDay !== undefined) current.uploads = model.uploadsPerDay;
    },
  };
}

/** Reserves quota for an operation or refuses it, naming what it costs and what is left. */
export async function reserveQuota(
  ledger: QuotaLedger,
  model: QuotaModel,
  accountKey: string,
  cost: QuotaCost,
  what: string,
  now: number,
): Promise<void> {
  const reservation = await ledger.reserve(accountKey, cost, now);
  if (reservation.ok) return;
  const leftUnits = Math.max(0, model.dailyUnits - reservation.usedUnits);
  const detail =
    model.uploadsPerDay !== undefined &&
    cost.uploads > 0 &&
    reservation.usedUploads + cost.uploads > model.uploadsPerDay
      ? `the ${model.uploadsPerDay} uploads of the day are used`
      : `it costs ${cost.units} units and ${leftUnits} of ${model.dailyUnits} are left today`;
  throw new ConnectorError(
    'rate_limited',
    `${NETWORK_NAME}'s daily quota would be exceeded by ${what}: ${detail}. It resets at midnight Pacific time`,
    { networkCode: 'quotaExceeded', retryAt: nextQuotaReset(now) },
  );
}
