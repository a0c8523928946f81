import { DateTime } from 'luxon';

/**
 * How `videos.insert` is charged. Google's sources disagree (youtube.md): its reference page says
 * 1,600 units from the daily 10,000; the 2026 quota page gives it a bucket of its own, 100 calls a day
 * at 1 unit each. Both are modelled; the reference page is the default.
 */
export type UploadQuotaModel = { kind: 'units'; cost: number } | { kind: 'bucket'; callsPerDay: number };

export interface QuotaOptions {
  /** Units per day; Google's default is 10,000. */
  dailyUnits: number;
  upload: UploadQuotaModel;
  /**
   * Whose budget a request spends. Google counts per API project (the OAuth client); `channel`
   * counts per connected channel, which lets several sandbox accounts rehearse side by side.
   */
  scope: 'project' | 'channel';
}

export const DEFAULT_QUOTA: QuotaOptions = {
  dailyUnits: 10_000,
  upload: { kind: 'units', cost: 1600 },
  scope: 'project',
};

const PACIFIC = 'America/Los_Angeles';
const UPLOAD_METHOD = 'youtube.videos.insert';

/** Units a method costs, from Google's quota table: reads 1, writes 50, uploads 1,600, captions 400. */
export function unitCost(methodId: string, model: UploadQuotaModel): number {
  if (methodId === UPLOAD_METHOD) return model.kind === 'units' ? model.cost : 0;
  if (methodId === 'youtube.search.list') return 100;
  if (methodId === 'youtube.captions.insert') return 400;
  if (methodId.endsWith('.list')) return 1;
  return 50;
}

/** The quota day: it starts at midnight Pacific time. */
export function quotaDay(now: number): string {
  return DateTime.fromMillis(now, { zone: PACIFIC }).toISODate() ?? '';
}

interface Usage {
  day: string;
  units: number;
  uploads: number;
}

export interface QuotaUsageView {
  key: string;
  day: string;
  units: number;
  uploads: number;
  dailyUnits: number;
}

/**
 * Daily quota per project or per channel. A request is charged when it arrives, even when it then
 * fails validation (Google: "every request costs at least 1 unit, even an invalid one").
 */
export class QuotaLedger {
  private readonly usage = new Map<string, Usage>();

  constructor(
    private readonly options: QuotaOptions,
    private readonly now: () => number,
  ) {}

  keyFor(clientId: string, channelId: string): string {
    return this.options.scope === 'project' ? `project:${clientId}` : `channel:${channelId}`;
  }

  /** Charges the method's full cost if the budget allows; false means `quotaExceeded`. */
  charge(key: string, methodId: string): boolean {
    const usage = this.current(key);
    const units = unitCost(methodId, this.options.upload);
    if (usage.units + units > this.options.dailyUnits) return false;
    if (methodId === UPLOAD_METHOD && this.options.upload.kind === 'bucket') {
      if (usage.uploads + 1 > this.options.upload.callsPerDay) return false;
      usage.uploads += 1;
    }
    usage.units += units;
    return true;
  }

  /** A request refused before it did anything still costs a unit. */
  chargeInvalid(key: string): void {
    const usage = this.current(key);
    usage.units = Math.min(this.options.dailyUnits, usage.units + 1);
  }

  /** Control switch: spend the budget down so the next costly request is refused. */
  setUsed(key: string, units: number): void {
    this.current(key).units = units;
  }

  view(): QuotaUsageView[] {
    const today = quotaDay(this.now());
    return [...this.usage.entries()]
      .filter(([, usage]) => usage.day === today)
      .map(([key, usage]) => ({ key, ...usage, dailyUnits: this.options.dailyUnits }));
  }

  clear(): void {
    this.usage.clear();
  }

  private current(key: string): Usage {
    const day = quotaDay(this.now());
    const existing = this.usage.get(key);
    if (existing && existing.day === day) return existing;
    const fresh = { day, units: 0, uploads: 0 };
    this.usage.set(key, fresh);
    return fresh;
  }
}
