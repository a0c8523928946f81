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
import { CircuitBreakers } from './circuit-breakers.js';
import type { Clock } from './clock.js';
import type { PublicationScheduling } from './publication-scheduling.js';
import type { PublishingService } from './publishing.service.js';
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

/** A job that arrives this much before its publication is due waits for it rather than going back. */
const EARLY_ARRIVAL_WAIT_MS = 1000;

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
  ) {}

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

    const claimed = await this.publications.claimDue({
      workerId: this.options.workerId,
      now: this.clock.now(),
      limit: admitted.length,
      leaseMs: this.options.leaseMs,
      newId: randomUUID,
      ids: admitted.map((item) => item.candidate.id),
    });
    const claimedIds = new Set(claimed.map((claim) => claim.publication.id));
    for (const { candidate, probe } of admitted) {
      // Taken by another worker meanwhile: a probe that never went out must not block the next one.
      if (probe && !claimedIds.has(candidate.id)) this.breakers.cancelProbe(circuitKeyOf(candidate));
    }
    const byId = new Map(admitted.map(({ candidate }) => [candidate.id, candidate]));
    return claimed.map((claim) => this.run(claim, byId.get(claim.publication.id)));
  }

  /** The publication a queue job names: published when it is due; otherwise its job is put back in time. */
  async dispatchOne(publicationId: string): Promise<void> {
    const [candidate] = await this.publications.findCandidates([publicationId]);
    if (!candidate || (candidate.state !== 'scheduled' && candidate.state !== 'unknown')) return;
    const early = candidate.nextAttemptAt - this.clock.now();
    if (early > EARLY_ARRIVAL_WAIT_MS) {
      // Postponed or rescheduled after this job was written: make sure a job waits for the new time.
      await this.queue.schedule([{ publicationId, dueAt: candidate.nextAttemptAt }]);
      return;
    }
    if (early > 0) await sleep(early);
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

  private async run(claim: ClaimedPublication, candidate: DueCandidate | undefined): Promise<void> {
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
      result = await this.publishing.publish(claim, this.options.workerId);
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

/** Publications told to wait until the same moment come back spread a little, not all at once. */
function spread(at: number, maxJitterMs: number): number {
  return at + Math.floor(Math.random() * maxJitterMs);
}
