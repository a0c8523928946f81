import { type RateRule, reservationSize } from '../core/rate-budget.js';
import type { RateBucketsRepository } from '../store/repositories/rate-buckets.repository.js';
import type { Clock } from './clock.js';

export interface BudgetRequest {
  key: string;
  rule: RateRule;
}

export type BudgetDecision = { ok: true } | { ok: false; retryAt: number };

/** Tokens taken from a shared bucket and not yet spent are given up after this long. */
const HOLD_MS = 1000;

/**
 * The rate budgets of one process. Tokens come from buckets in the database that every process shares;
 * this takes a few at a time (see `reservationSize`) and spends them locally, so a generous budget
 * costs one database round trip per batch of posts rather than per post. Acquisitions are serialised
 * within the process, so two posts never count the same local token.
 */
export class RateBudget {
  private readonly held = new Map<string, { tokens: number; expiresAt: number }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly buckets: RateBucketsRepository,
    private readonly clock: Clock,
  ) {}

  /** One token from every budget, or the time to come back when one of them is spent. */
  acquire(requests: readonly BudgetRequest[]): Promise<BudgetDecision> {
    if (requests.length === 0) return Promise.resolve({ ok: true });
    const decision = this.queue.then(() => this.acquireNow(requests));
    this.queue = decision.catch(() => undefined);
    return decision;
  }

  private async acquireNow(requests: readonly BudgetRequest[]): Promise<BudgetDecision> {
    const now = this.clock.now();
    const short = requests.filter((request) => this.available(request.key, now) < 1);
    if (short.length > 0) {
      const grants = await this.buckets.take(
        short.map((request) => ({ ...request, wanted: reservationSize(request.rule) })),
        now,
      );
      let retryAt = 0;
      for (const request of short) {
        const grant = grants.get(request.key);
        if (grant && grant.granted > 0) this.held.set(request.key, { tokens: grant.granted, expiresAt: now + HOLD_MS });
        else retryAt = Math.max(retryAt, grant?.nextTokenAt ?? now + HOLD_MS);
      }
      // Tokens taken for the other budgets stay held for the next post.
      if (retryAt > 0) return { ok: false, retryAt };
    }
    for (const request of requests) {
      const holding = this.held.get(request.key);
      if (holding) holding.tokens -= 1;
    }
    return { ok: true };
  }

  private available(key: string, now: number): number {
    const holding = this.held.get(key);
    if (!holding || holding.expiresAt <= now) return 0;
    return holding.tokens;
  }
}
