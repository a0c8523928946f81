/** One rate limit: `limit` requests per `windowMs`, counted per user (or per caller when anonymous). */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** Keyed by operation: `METHOD /path/template` as the OpenAPI document spells it. */
export type RateLimitTable = Record<string, RateLimitRule>;

const FIFTEEN_MINUTES = 15 * 60_000;

/** X's published per-user limits for what Crier calls (rate-limits page, 2026 table). */
export const DEFAULT_RATE_LIMITS: RateLimitTable = {
  'POST /2/tweets': { limit: 100, windowMs: FIFTEEN_MINUTES },
  'DELETE /2/tweets/{id}': { limit: 50, windowMs: FIFTEEN_MINUTES },
  'GET /2/tweets/{id}': { limit: 900, windowMs: FIFTEEN_MINUTES },
  // User post timeline: 900 per 15 minutes per user in X's older v2 table (verify against the 2026 one).
  'GET /2/users/{id}/tweets': { limit: 900, windowMs: FIFTEEN_MINUTES },
  'GET /2/users/me': { limit: 75, windowMs: FIFTEEN_MINUTES },
  'POST /2/media/upload': { limit: 1875, windowMs: FIFTEEN_MINUTES },
  'POST /2/media/upload/initialize': { limit: 1875, windowMs: FIFTEEN_MINUTES },
  'POST /2/media/upload/{id}/append': { limit: 1875, windowMs: FIFTEEN_MINUTES },
  'POST /2/media/upload/{id}/finalize': { limit: 1875, windowMs: FIFTEEN_MINUTES },
  'GET /2/media/upload': { limit: 1875, windowMs: FIFTEEN_MINUTES },
  'POST /2/media/metadata': { limit: 500, windowMs: FIFTEEN_MINUTES },
};

/** Operations X documents no specific limit for get this one, so every answer still carries headers. */
const FALLBACK_RULE: RateLimitRule = { limit: 900, windowMs: FIFTEEN_MINUTES };

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets, the unit X uses in `x-rate-limit-reset`. */
  resetEpochSeconds: number;
  allowed: boolean;
}

interface Window {
  startedAt: number;
  used: number;
}

/** Fixed windows per (operation, subject), like X's: the window starts at the first request. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly table: RateLimitTable,
    private readonly now: () => number,
  ) {}

  ruleFor(operationKey: string): RateLimitRule {
    return this.table[operationKey] ?? FALLBACK_RULE;
  }

  /** Counts one request and says whether it may go through. */
  consume(operationKey: string, subject: string): RateLimitStatus {
    const rule = this.ruleFor(operationKey);
    const window = this.currentWindow(operationKey, subject, rule);
    const allowed = window.used < rule.limit;
    if (allowed) window.used += 1;
    return {
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - window.used),
      resetEpochSeconds: Math.ceil((window.startedAt + rule.windowMs) / 1000),
      allowed,
    };
  }

  private currentWindow(operationKey: string, subject: string, rule: RateLimitRule): Window {
    const key = `${operationKey}\u0000${subject}`;
    const now = this.now();
    const existing = this.windows.get(key);
    if (existing && now < existing.startedAt + rule.windowMs) return existing;
    const fresh = { startedAt: now, used: 0 };
    this.windows.set(key, fresh);
    return fresh;
  }
}

export function rateLimitHeaders(status: Pick<RateLimitStatus, 'limit' | 'remaining' | 'resetEpochSeconds'>) {
  return {
    'x-rate-limit-limit': String(status.limit),
    'x-rate-limit-remaining': String(status.remaining),
    'x-rate-limit-reset': String(status.resetEpochSeconds),
  };
}
