/**
 * How services tell the publication queue that work is waiting. The database is the truth; this only
 * makes sure a worker comes for each publication at its time: the embedded scheduler wakes up, the
 * graphile-worker queue adds (or replaces, or removes) one job per publication.
 *
 * Implementations never throw for a queue that cannot be reached: they log it, and the recovery sweep
 * finds every publication whose time has passed without a worker coming for it.
 */
export interface PublicationScheduling {
  /** These publications are due at `dueAt` (first time, retry, postponement or reconciliation). */
  schedule(items: ReadonlyArray<{ publicationId: string; dueAt: number }>): Promise<void>;
  /** These publications no longer need a worker (cancelled). */
  unschedule(publicationIds: readonly string[]): Promise<void>;
}

/** For a Crier that only reads (tests, one-off commands): nobody is told. */
export const NO_SCHEDULING: PublicationScheduling = {
  schedule: async () => undefined,
  unschedule: async () => undefined,
};
