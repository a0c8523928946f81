import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Connector } from '../connectors/kit/connector.js';
import type { ConnectorRegistry } from '../connectors/kit/registry.js';
import { signalOf } from '../core/circuit-breaker.js';
import type { Environment, Network } from '../core/networks.js';
import { budgetKeys } from '../core/rate-budget.js';
import type {
  AttemptResult,
  ClaimedPublication,
  DueCandidate,
  PublicationsRepository,
} from '../store/repositories/publications.repository.js';
import { Batcher } from './batcher.js';
import { CircuitBreakers } from './circuit-breakers.js';
import type { Clock } from './clock.js';
import type { PublicationScheduling } from './publication-scheduling.js';
import type { Preparation, PublishingService } from './publishing.service.js';
import type { BudgetRequest, RateBudget } from './rate-budget.js';

export interface DispatcherOptions {
  /** Who claims: recorded on every attempt, and the holder of the claim's lease. */
  workerId: string;
  /** How long a claim holds before the sweep may treat the publication as abandoned. */
  leaseMs: number;
}

/** Where a publication on a network posted by hand goes at its due time, instead of to a connector. */
export interface ManualHandover {
  isManual(network: Network, environment: Environment): boolean;
  /** Records that the publication waits for a person, and reminds people; false when the claim was lost. */
  handOver(claim: ClaimedPublication, workerId: string): Promise<boolean>;
}

/**
 * How long before its due time a publication's post is read and checked (never sent), so that at the
 * due time only the claim stands between it and the network call. Queues bring workers this early.
 */
export const PREPARE_AHEAD_MS = 1000;
/** A job that arrives this much before its publication is due waits for it rather than going back. */
const EARLY_ARRIVAL_WAIT_MS = 2 * PREPARE_AHEAD_MS;
/** A preparation not used by then is dropped: it may no longer describe the post or the account. */
const PREPARATION_LIFETIME_MS = 5 * PREPARE_AHEAD_MS;

/**
 * Takes due publications to their networks, for both queues (the embedded scheduler hands it batches,
 * graphile-worker one job at a time). Before anything is claimed, each publication passes its
 * network's circuit breaker and its rate budgets; one that must wait is moved to a later time without
 * spending an attempt. The rest are claimed (attempts recorded) and published, or handed to people
 * when their network is posted by hand; afterwards the queue is told when to come back for a retry or
 * a reconciliation.
 */
export class PublicationDispatcher {
  constructor(
    private readonly publications: PublicationsRepository,
    private readonly publishing: PublishingService,
    private readonly manual: ManualHandover,
    private readonly registry: ConnectorRegistry,
    private readonly breakers: CircuitBreakers,
    private readonly budget: RateBudget,
    private readonly queue: PublicationScheduling,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions,
  ) {
    // Concurrent jobs (graphile-worker runs one per publication) share their reads and claims.
    this.candidates = new Batcher(async (ids) => {
      const found = await publications.findCandidates(ids);
      return new Map(found.map((candidate) => [candidate.id, candidate]));
    });
    this.claims = new Batcher(async (ids) => {
      const claimed = await publications.claimDue({
        workerId: options.workerId,
        now: clock.now(),
        limit: ids.length,
        leaseMs: options.leaseMs,
        newId: randomUUID,
        ids,
      });
      return new Map(claimed.map((claim) => [claim.publication.id, claim]));
    });
  }

  private readonly candidates: Batcher<DueCandidate>;
  private readonly claims: Batcher<ClaimedPublication>;
  private readonly prepared = new Map<string, { preparation: Promise<Preparation>; expiresAt: number }>();

  /** Reads and checks a publication's post ahead of its due time, for `dispatch` to use then. */
  prepareAhead(candidate: DueCandidate): void {
    const now = this.clock.now();
    for (const [id, entry] of this.prepared) if (entry.expiresAt <= now) this.prepared.delete(id);
    if (this.prepared.has(candidate.id) || this.manual.isManual(candidate.network, candidate.environment)) return;
    const preparation = settledLater(this.publishing.prepare(candidate.publication));
    this.prepared.set(candidate.id, { preparation, expiresAt: now + PREPARATION_LIFETIME_MS });
    // Reservations from the shared rate budgets are fetched now too; nothing is spent until due.
    const connector = this.registry.find(candidate.network, candidate.environment);
    if (connector) settledLater(this.budget.prefetch(budgetsOf(connector, candidate)));
  }

  private preparationFor(candidate: DueCandidate): Promise<Preparation> | undefined {
    if (this.manual.isManual(candidate.network, candidate.environment)) return undefined;
    const entry = this.prepared.get(candidate.id);
    this.prepared.delete(candidate.id);
    if (entry && entry.expiresAt > this.clock.now()) return entry.preparation;
    return settledLater(this.publishing.prepare(candidate.publication));
  }

  /** Gates, claims and starts publishing the candidates; resolves with the work started. */
  async dispatch(candidates: readonly DueCandidate[]): Promise<Array<Promise<void>>> {
    const admitted: Array<{ candidate: DueCandidate; probe: boolean }> = [];
    const waits = new Map<number, string[]>();
    for (const candidate of candidates) {
      const gate = await this.gate(candidate);
      if (gate.wait === undefined) admitted.push({ candidate, probe: gate.probe });
      else waits.set(gate.wait, [...(waits.get(gate.wait) ?? []), candidate.id]);
    }
    await this.postpone(waits);
    if (admitted.length === 0) return [];

    // Prepared ahead of time, or now while the claim is made: reading a post does not need its claim.
    const preparing = new Map<string, Promise<Preparation> | undefined>(
      admitted.map(({ candidate }) => [candidate.id, this.preparationFor(candidate)]),
    );
    const claimed = await this.claims.getMany(admitted.map((item) => item.candidate.id));
    const claimedIds = new Set(claimed.map((claim) => claim.publication.id));
    const unclaimed = admitted.filter(({ candidate }) => !claimedIds.has(candidate.id));
    for (const { candidate, probe } of unclaimed) {
      // Taken by another worker meanwhile: a probe that never went out must not block the next one.
      if (probe) this.breakers.cancelProbe(circuitKeyOf(candidate));
    }
    if (unclaimed.length > 0) {
      // Another worker holds it, or it changed since it was read: a later look costs one job and
      // makes sure it is never left without one.
      const later = this.clock.now() + EARLY_ARRIVAL_WAIT_MS;
      await this.queue.schedule(
        unclaimed.map(({ candidate }) => ({
          publicationId: candidate.id,
          dueAt: Math.max(candidate.nextAttemptAt, later),
        })),
      );
    }
    const byId = new Map(admitted.map(({ candidate }) => [candidate.id, candidate]));
    return claimed.map((claim) => this.run(claim, byId.get(claim.publication.id), preparing.get(claim.publication.id)));
  }

  /** The publication a queue job names: published when it is due; otherwise its job is put back in time. */
  async dispatchOne(publicationId: string): Promise<void> {
    const candidate = await this.candidates.get(publicationId);
    if (!candidate || (candidate.state !== 'scheduled' && candidate.state !== 'unknown')) return;
    const early = candidate.nextAttemptAt - this.clock.now();
    if (early > EARLY_ARRIVAL_WAIT_MS) {
      // Postponed or rescheduled after this job was written: make sure a job waits for the new time.
      await this.queue.schedule([{ publicationId, dueAt: candidate.nextAttemptAt }]);
      return;
    }
    if (early > 0) {
      this.prepareAhead(candidate);
      // Timers may fire a millisecond before the clock says the time has come: aim 2 ms late, because a
      // job that wakes early waits a whole turn of the event loop, which a launch makes long.
      await sleep(early + 2);
      while (this.clock.now() < candidate.nextAttemptAt) await sleep(1);
    }
    await Promise.all(await this.dispatch([candidate]));
  }

  private async gate(candidate: DueCandidate): Promise<{ wait?: number; probe: boolean }> {
    const connector = this.registry.find(candidate.network, candidate.environment);
    // No connector: posted by hand (no network is called), or publishing fails it with a clear
    // message; either way nothing to hold back.
    if (!connector) return { probe: false };
    const circuitKey = circuitKeyOf(candidate);
    const admission = this.breakers.admit(circuitKey);
    if (!admission.allowed) return { wait: spread(admission.retryAt, 2000), probe: false };
    const decision = await this.budget.acquire(budgetsOf(connector, candidate));
    if (!decision.ok) {
      if (admission.probe) this.breakers.cancelProbe(circuitKey);
      return { wait: spread(decision.retryAt, 1000), probe: false };
    }
    return { probe: admission.probe };
  }

  private async postpone(waits: Map<number, string[]>): Promise<void> {
    for (const [until, ids] of waits) {
      const moved = await this.publications.postpone({ ids, until, now: this.clock.now() });
      if (moved.length > 0) {
        this.logger.debug({ count: moved.length, until }, 'publications wait for their network (circuit or budget)');
        await this.queue.schedule(moved.map((publicationId) => ({ publicationId, dueAt: until })));
      }
    }
  }

  private async run(
    claim: ClaimedPublication,
    candidate: DueCandidate | undefined,
    preparing: Promise<Preparation> | undefined,
  ): Promise<void> {
    const publicationId = claim.publication.id;
    if (candidate && this.manual.isManual(candidate.network, candidate.environment)) {
      await this.manual.handOver(claim, this.options.workerId).catch((error: unknown) => {
        // Not recorded; the claim's lease runs out and the sweep settles it.
        this.logger.error({ err: error, publicationId }, 'handing a publication to people failed');
      });
      return;
    }
    let result: AttemptResult;
    try {
      result = await this.publishing.publish(claim, this.options.workerId, preparing);
    } catch (error) {
      // The outcome could not be recorded; the claim's lease runs out and the sweep settles it.
      this.logger.error({ err: error, publicationId }, 'recording a publication outcome failed');
      return;
    }
    if (candidate) {
      const signal = signalOf(
        result.outcome === 'published' ? { published: true } : { errorClass: result.failure.errorClass },
      );
      this.breakers.record(circuitKeyOf(candidate), signal);
    }
    const comeBackAt =
      result.outcome === 'retry' ? result.nextAttemptAt : result.outcome === 'unknown' ? result.reconcileAt : undefined;
    if (comeBackAt !== undefined) await this.queue.schedule([{ publicationId, dueAt: comeBackAt }]);
  }
}

function circuitKeyOf(candidate: DueCandidate): string {
  return CircuitBreakers.keyOf(candidate.network, candidate.environment);
}

function budgetsOf(connector: Connector, candidate: DueCandidate): BudgetRequest[] {
  const limits = connector.publishLimits;
  const budgets: BudgetRequest[] = [];
  if (limits?.perAccount) budgets.push({ key: budgetKeys.account(candidate.accountId), rule: limits.perAccount });
  if (limits?.perApp) {
    budgets.push({ key: budgetKeys.network(candidate.network, candidate.environment), rule: limits.perApp });
  }
  return budgets;
}

/**
 * A promise whose rejection is handled now and seen later by whoever awaits it: a preparation for a
 * publication another worker claimed is never awaited and must not surface as an unhandled rejection.
 */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Publications told to wait until the same moment come back spread a little, not all at once. */
function spread(at: number, maxJitterMs: number): number {
  return at + Math.floor(Math.random() * maxJitterMs);
}
