import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../services/clock.js';
import { ABANDONED_MESSAGE, type PublishingService } from '../services/publishing.service.js';
import type { ClaimedPublication, PublicationsRepository } from '../store/repositories/publications.repository.js';
import type { PublicationQueue } from './publication-queue.js';

export interface EmbeddedSchedulerOptions {
  pollMs: number;
  concurrency: number;
  /** How long a claim holds before another process may treat the publication as abandoned. */
  leaseMs?: number;
  workerId?: string;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const RECOVERY_INTERVAL_MS = 60_000;

/**
 * The in-process scheduler of the embedded mode: looks for due publications, claims them atomically,
 * publishes up to `concurrency` at once. On start it settles what a previous process left publishing:
 * those become `unknown` rather than being sent twice.
 */
export class EmbeddedScheduler implements PublicationQueue {
  readonly workerId: string;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private running = false;
  private ticking = false;
  private tickAgain = false;
  private lastRecovery = 0;

  constructor(
    private readonly publications: PublicationsRepository,
    private readonly publishing: PublishingService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: EmbeddedSchedulerOptions,
  ) {
    this.workerId = options.workerId ?? `embedded-${randomUUID()}`;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const now = this.clock.now();
    // Only this process publishes in the embedded mode, so anything still "publishing" was left by a
    // previous run, whatever its lease says.
    const abandoned = await this.publications.recoverAbandoned({
      leaseCutoff: Number.MAX_SAFE_INTEGER,
      now,
      message: ABANDONED_MESSAGE,
    });
    if (abandoned.length > 0) {
      this.logger.warn({ count: abandoned.length }, 'publications interrupted by a previous stop are marked unknown');
    }
    this.lastRecovery = now;
    this.running = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  notify(dueAt: number): void {
    if (!this.running) return;
    if (dueAt <= this.clock.now()) this.kick();
    else this.planWake(dueAt);
  }

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
    const now = this.clock.now();
    if (now - this.lastRecovery >= RECOVERY_INTERVAL_MS) {
      this.lastRecovery = now;
      await this.publications.recoverAbandoned({ leaseCutoff: now, now, message: ABANDONED_MESSAGE });
    }
    const room = this.options.concurrency - this.inFlight.size;
    if (room > 0) {
      const claimed = await this.publications.claimDue({
        workerId: this.workerId,
        now,
        limit: room,
        leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS,
        newId: randomUUID,
      });
      for (const claim of claimed) this.run(claim);
      // a full batch suggests more is due right now
      if (claimed.length === room) this.tickAgain = true;
    }
    const nextDue = await this.publications.nextDueAt();
    this.planWake(Math.min(nextDue ?? Number.POSITIVE_INFINITY, this.clock.now() + this.options.pollMs));
  }

  private run(claim: ClaimedPublication): void {
    const work = this.publishing
      .publish(claim, this.workerId)
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, publicationId: claim.publication.id },
          'recording a publication outcome failed',
        ),
      )
      .finally(() => {
        this.inFlight.delete(work);
        if (this.running) this.kick();
      });
    this.inFlight.add(work);
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
}
