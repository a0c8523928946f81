import type { PublicationScheduling } from '../services/publication-scheduling.js';

/**
 * How publishing work is driven, behind one shape: the embedded scheduler (SQLite, one process, the
 * database polled in-process) or graphile-worker (PostgreSQL, any number of worker processes). Either
 * way the database is the truth: a queue only brings a worker to a publication at its time.
 */
export interface PublicationQueue extends PublicationScheduling {
  readonly kind: 'embedded' | 'graphile-worker';
  /**
   * Connects. With `work`, this process also takes publications and runs the periodic work (recovery
   * sweep, token refresh); without it, it only schedules (an API process beside separate workers).
   */
  start(options: { work: boolean }): Promise<void>;
  /** Stops taking work and waits for what is in flight, so nothing is left half-recorded. */
  stop(): Promise<void>;
  /** Resolves if the queue stops taking work on its own; the process should then be restarted. */
  readonly ended?: Promise<void>;
}

/** What runs on a timer besides publishing, in both queues. */
export interface PeriodicWork {
  /** Settles publications no worker holds (services/recovery.service.ts). */
  sweep(): Promise<unknown>;
  /** Renews credentials that expire soon (services/account-tokens.service.ts). */
  refreshTokens(): Promise<unknown>;
}

/** Every minute and every five minutes: graphile-worker's cron runs no more often than each minute. */
export const PERIODIC_SCHEDULE = {
  sweep: { cron: '* * * * *', everyMs: 60_000 },
  refreshTokens: { cron: '*/5 * * * *', everyMs: 5 * 60_000 },
} as const;
