import type { Logger } from 'pino';
import type { Clock } from '../services/clock.js';
import { PREPARE_AHEAD_MS, type PublicationDispatcher } from '../services/dispatcher.service.js';
import type { PublicationsRepository } from '../store/repositories/publications.repository.js';
import { PERIODIC_SCHEDULE, type PeriodicWork, type PublicationQueue } from './publication-queue.js';

/** Publications prepared ahead at most, per look (a launch of this many due at the same moment). */
const PREPARE_AHEAD_LIMIT = 2000;

export interface EmbeddedSchedulerOptions {
  /** Longest wait between looks at the database, whatever the next due time says. */
  pollMs: number;
  /** Publications published at once. */
  concurrency: number;
}

/**
 * The in-process scheduler of the embedded mode (SQLite, one process). It sleeps until the next due
 * time (or `pollMs`), then hands due publications to the dispatcher in batches up to its free
 * concurrency, and looks again as soon as one finishes. On start it settles what a previous process
 * left publishing: those become `unknown` and are reconciled rather than sent twice. The recovery
 * sweep and the token refresh run on timers.
 */
export class EmbeddedScheduler implements PublicationQueue {
  readonly kind = 'embedded';
  private readonly inFlight = new Set<Promise<void>>();
  private readonly periodicTimers: NodeJS.Timeout[] = [];
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private running = false;
  private ticking = false;
  private tickAgain = false;
  private lastLookAhead = 0;

  constructor(
    private readonly publications: PublicationsRepository,
    private readonly dispatcher: () => PublicationDispatcher,
    private readonly periodic: PeriodicWork & { sweepAtStart(): Promise<unknown> },
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: EmbeddedSchedulerOptions,
  ) {}

  async start(options: { work: boolean }): Promise<void> {
    if (!options.work || this.running) return;
    await this.periodic.sweepAtStart();
    this.running = true;
    this.every(PERIODIC_SCHEDULE.sweep.everyMs, 'recovery sweep', () => this.periodic.sweep());
    this.every(PERIODIC_SCHEDULE.refreshTokens.everyMs, 'token refresh', () => this.periodic.refreshTokens());
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const timer of this.periodicTimers.splice(0)) clearInterval(timer);
    await this.idle();
  }

  async schedule(items: ReadonlyArray<{ publicationId: string; dueAt: number }>): Promise<void> {
    if (!this.running || items.length === 0) return;
    const soonest = Math.min(...items.map((item) => item.dueAt));
    if (soonest <= this.clock.now()) this.kick();
    else this.planWake(soonest);
  }

  /** The database is the queue here: a cancelled publication is simply no longer due. */
  async unschedule(): Promise<void> {}

  /** Resolves when nothing is in flight; for tests and graceful shutdown. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.ticking) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private kick(): void {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    this.tick()
      .catch((error: unknown) => this.logger.error({ err: error }, 'scheduler tick failed; it will try again'))
      .finally(() => {
        this.ticking = false;
        if (this.tickAgain && this.running) {
          this.tickAgain = false;
          this.kick();
        }
      });
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    const room = this.options.concurrency - this.inFlight.size;
    if (room > 0) {
      const due = await this.publications.listDue({ now: this.clock.now(), limit: room });
      const started = await this.dispatcher().dispatch(due);
      for (const work of started) this.track(work);
      // a full batch suggests more is due right now
      if (due.length === room) this.tickAgain = true;
    }
    const nextDue = await this.publications.nextDueAt();
    await this.lookAhead(nextDue);
    this.planWake(Math.min(nextDue ?? Number.POSITIVE_INFINITY, this.clock.now() + this.options.pollMs));
  }

  /**
   * What falls due within PREPARE_AHEAD_MS is read and checked now (not sent), so that at its time
   * only the claim stands before the network call. At most once per poll interval.
   */
  private async lookAhead(nextDue: number | undefined): Promise<void> {
    const now = this.clock.now();
    if (nextDue === undefined || nextDue > now + PREPARE_AHEAD_MS) return;
    if (now - this.lastLookAhead < this.options.pollMs) return;
    this.lastLookAhead = now;
    const upcoming = await this.publications.listDue({ now: now + PREPARE_AHEAD_MS, limit: PREPARE_AHEAD_LIMIT });
    for (const candidate of upcoming) if (candidate.nextAttemptAt > now) this.dispatcher().prepareAhead(candidate);
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => {
      this.inFlight.delete(tracked);
      if (this.running) this.kick();
    });
    this.inFlight.add(tracked);
  }

  private planWake(at: number): void {
    if (!this.running) return;
    const now = this.clock.now();
    if (this.timer && at >= this.wakeAt && this.wakeAt > now) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.wakeAt = Number.POSITIVE_INFINITY;
        this.kick();
      },
      Math.max(0, at - now),
    );
    this.timer.unref?.();
  }

  private every(ms: number, name: string, work: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      work().catch((error: unknown) => this.logger.error({ err: error }, `${name} failed; it runs again later`));
    }, ms);
    timer.unref?.();
    this.periodicTimers.push(timer);
  }
}
