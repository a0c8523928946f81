/**
 * How publishing work is driven. The embedded scheduler polls the database in-process; a queue-backed
 * implementation (graphile-worker on PostgreSQL) can take its place behind the same shape.
 */
export interface PublicationQueue {
  start(): Promise<void>;
  /** Stops taking work and waits for what is in flight, so nothing is left half-recorded. */
  stop(): Promise<void>;
  /** Something became due at `dueAt`: wake up early if that is sooner than the next planned look. */
  notify(dueAt: number): void;
}
