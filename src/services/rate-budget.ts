import { type RateRule, reservationSize } from '../core/rate-budget.js';
import type { RateBucketsRepository } from '../store/repositories/rate-buckets.repository.js';
import type { Clock } from './clock.js';

export interface BudgetRequest {
  key: string;
  rule: RateRule;
}

export type BudgetDecision = { ok: true } | { ok: false; retryAt: number };

/**
 * Tokens taken from a shared bucket and not yet spent are given up after this long. A process holds at
 * most one reservation per budget, so holding it longer never lets more than one reservation through
 * beyond the bucket; reservations are a single token unless the budget refills several a second.
 */
const HOLD_MS = 30_000;

/**
 * The rate budgets of one process. Tokens come from buckets in the database that every process shares;
 * this takes a few at a time (see `reservationSize`) and spends them locally, so a generous budget
 * costs one database round trip per batch of posts rather than per post. Spending is synchronous, so
 * two posts never count the same local token; refills of one budget are shared by everyone waiting
 * for it, and budgets refill independently of each other.
 */
export class RateBudget {
  private readonly held = new Map<string, { tokens: number; expiresAt: number }>();
  private readonly refills = new Map<string, Promise<number | undefined>>();

  constructor(
    private readonly buckets: RateBucketsRepository,
    private readonly clock: Clock,
  ) {}

  /** One token from every budget, or the time to come back when one of them is spent. */
  async acquire(requests: readonly BudgetRequest[]): Promise<BudgetDecision> {
    for (;;) {
      const now = this.clock.now();
      const short = requests.filter((request) => this.available(request.key, now) < 1);
      if (short.length === 0) {
        for (const request of requests) {
          const holding = this.held.get(request.key);
          if (holding) holding.tokens -= 1;
        }
        return { ok: true };
      }
      const waits = await Promise.all(short.map((request) => this.refill(request, now)));
      const retryAt = Math.max(0, ...waits.map((wait) => wait ?? 0));
      // Tokens refilled for the other budgets stay held for the next post.
      if (retryAt > 0) return { ok: false, retryAt };
    }
  }

  /** Makes sure a reservation is held for these budgets, without spending from it (ahead of a due time). */
  async prefetch(requests: readonly BudgetRequest[]): Promise<void> {
    const now = this.clock.now();
    await Promise.all(
      requests.filter((request) => this.available(request.key, now) < 1).map((request) => this.refill(request, now)),
    );
  }

  /** Takes a reservation from the shared bucket; resolves with when to retry if it was empty. */
  private refill(request: BudgetRequest, now: number): Promise<number | undefined> {
    const running = this.refills.get(request.key);
    if (running) return running;
    const refill = this.buckets
      .take([{ ...request, wanted: reservationSize(request.rule) }], now)
      .then((grants) => {
        const grant = grants.get(request.key);
        if (grant && grant.granted > 0) {
          const holding = this.held.get(request.key);
          const left = holding && holding.expiresAt > now ? holding.tokens : 0;
          this.held.set(request.key, { tokens: left + grant.granted, expiresAt: now + HOLD_MS });
          return undefined;
        }
        return grant?.nextTokenAt ?? now + HOLD_MS;
      })
      .finally(() => this.refills.delete(request.key));
    this.refills.set(request.key, refill);
    return refill;
  }

  private available(key: string, now: number): number {
    const holding = this.held.get(key);
    if (!holding || holding.expiresAt <= now) return 0;
    return holding.tokens;
  }
}
