/**
 * Rate budgets: how many posts Crier lets itself send to a network, per account and per app, so a
 * burst of scheduled posts waits its turn in Crier instead of tripping the network's 429s.
 *
 * A network publishes a limit as "`limit` requests per `windowMs`" and counts it in windows whose
 * start Crier cannot see (X's 15-minute windows start at the first request). A token bucket that
 * holds half the limit and refills the other half over one window never sends more than `limit` in
 * any window, wherever that window starts: at most `limit / 2` saved up, plus `limit / 2` refilled
 * while the window runs. That costs half the burst a network would allow, and buys never being
 * refused for going too fast.
 */

export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface TokenBucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  updatedAt: number;
}

/** How many tokens the bucket holds at most. */
export function bucketCapacity(rule: RateRule): number {
  return Math.max(1, rule.limit / 2);
}

/** Tokens added per millisecond. */
export function refillPerMs(rule: RateRule): number {
  return bucketCapacity(rule) / rule.windowMs;
}

export function fullBucket(rule: RateRule, now: number): TokenBucket {
  return { tokens: bucketCapacity(rule), updatedAt: now };
}

export function refill(bucket: TokenBucket, rule: RateRule, now: number): TokenBucket {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  return {
    tokens: Math.min(bucketCapacity(rule), bucket.tokens + elapsed * refillPerMs(rule)),
    updatedAt: Math.max(now, bucket.updatedAt),
  };
}

export interface TakeResult {
  bucket: TokenBucket;
  /** Whole tokens handed out, from 0 to `wanted`. */
  granted: number;
  /** When the next whole token will be there, if none was granted. */
  nextTokenAt: number;
}

/** Takes up to `wanted` whole tokens from a bucket. */
export function takeTokens(bucket: TokenBucket, rule: RateRule, wanted: number, now: number): TakeResult {
  const current = refill(bucket, rule, now);
  const granted = Math.max(0, Math.min(wanted, Math.floor(current.tokens)));
  const left = current.tokens - granted;
  const missing = Math.max(0, 1 - left);
  return {
    bucket: { tokens: left, updatedAt: current.updatedAt },
    granted,
    nextTokenAt: now + Math.ceil(missing / refillPerMs(rule)),
  };
}

/**
 * How many tokens one process takes from a shared bucket at a time. Taking a few at once spares the
 * database a round trip per post when the budget is generous; it never exceeds what the bucket
 * refills in a quarter of a second, so tokens a process holds and never uses are few.
 */
export function reservationSize(rule: RateRule): number {
  return Math.max(1, Math.min(1000, Math.floor(refillPerMs(rule) * 250)));
}

/** A budget's key, so all processes agree on which bucket a post draws from. */
export const budgetKeys = {
  account: (accountId: string) => `account:${accountId}`,
  network: (network: string, environment: string) => `network:${network}:${environment}`,
};
