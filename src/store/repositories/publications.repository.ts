import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { Attempt, AttemptOutcome, Publication, PublicationFailure } from '../../core/model.js';
import type { Environment, Network } from '../../core/networks.js';
import { LATE_THRESHOLD_MS, type PublicationState } from '../../core/publication.js';
import type { Database } from '../schema.js';
import { toPublication } from './rows.js';

export interface ClaimedPublication {
  publication: Publication;
  attemptId: string;
  attemptNumber: number;
  /** An earlier attempt's outcome is unknown: look on the network before publishing again. */
  reconcileFirst: boolean;
}

/** A publication a worker may take, with what its gates (circuit, rate budget) need to know. */
export interface DueCandidate {
  id: string;
  accountId: string;
  state: PublicationState;
  nextAttemptAt: number;
  network: Network;
  environment: Environment;
}

export type AttemptResult =
  | { outcome: 'published'; remoteId: string; permalink: string; networkResponse?: string }
  | { outcome: 'failed'; failure: PublicationFailure }
  /** `reconcileAt`: when to look on the network; absent when the network cannot be asked. */
  | { outcome: 'unknown'; failure: PublicationFailure; reconcileAt?: number }
  /** Certainly not published: try again at `nextAttemptAt`. */
  | { outcome: 'retry'; failure: PublicationFailure; nextAttemptAt: number };

/**
 * The scheduler's storage. Every change of state is a conditional UPDATE on the state it expects, so a
 * publication can be claimed by one worker only and a stale worker can never overwrite an outcome.
 */
export class PublicationsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /**
   * Claims up to `limit` due publications (only among `ids` when given) for `workerId` and records an
   * open attempt for each, in one transaction: after it commits, every claimed publication has an
   * attempt on record before any network is called. Due means scheduled and due, or unknown with a
   * reconciliation due.
   */
  async claimDue(input: {
    workerId: string;
    now: number;
    limit: number;
    leaseMs: number;
    newId: () => string;
    ids?: readonly string[];
  }): Promise<ClaimedPublication[]> {
    const { workerId, now, limit, leaseMs } = input;
    if (input.ids?.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('publications')
        .select('id')
        .where(claimableAt(now))
        .orderBy('next_attempt_at')
        .limit(limit);
      if (input.ids) due = due.where('id', 'in', input.ids);
      if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const ids = (await due.execute()).map((row) => row.id);
      if (ids.length === 0) return [];

      const rows = await trx
        .updateTable('publications')
        .set((eb) => ({
          state: 'publishing',
          claimed_by: workerId,
          claimed_until: now + leaseMs,
          started_at: eb.fn.coalesce('started_at', eb.val(now)),
          attempt_count: eb('attempt_count', '+', 1),
          late: eb
            .case()
            .when('due_at', '<', now - LATE_THRESHOLD_MS)
            .then(1)
            .else(eb.ref('late'))
            .end(),
          updated_at: now,
        }))
        .where('id', 'in', ids)
        .where(claimableAt(now))
        .returningAll()
        .execute();

      const claimed = rows.map((row) => ({
        publication: toPublication(row),
        attemptId: input.newId(),
        attemptNumber: Number(row.attempt_count),
        reconcileFirst: Number(row.reconcile_pending) === 1,
      }));
      if (claimed.length > 0) {
        await trx
          .insertInto('attempts')
          .values(
            claimed.map((claim) => ({
              id: claim.attemptId,
              publication_id: claim.publication.id,
              number: claim.attemptNumber,
              worker_id: workerId,
              started_at: now,
            })),
          )
          .execute();
      }
      return claimed;
    });
  }

  /** Records how an attempt ended. Returns false when the worker no longer holds the publication. */
  async completeAttempt(input: {
    publicationId: string;
    attemptId: string;
    workerId: string;
    now: number;
    result: AttemptResult;
  }): Promise<boolean> {
    const { publicationId, attemptId, workerId, now, result } = input;
    return this.db.transaction().execute(async (trx) => {
      const failure = result.outcome === 'published' ? null : result.failure;
      const reconcileAt = result.outcome === 'unknown' ? result.reconcileAt : undefined;
      const nextAttemptAt = result.outcome === 'retry' ? result.nextAttemptAt : reconcileAt;
      const update = trx
        .updateTable('publications')
        .set({
          state: result.outcome === 'retry' ? 'scheduled' : result.outcome,
          claimed_by: null,
          claimed_until: null,
          updated_at: now,
          ...(result.outcome === 'published'
            ? { remote_id: result.remoteId, permalink: result.permalink, published_at: now }
            : {}),
          ...(nextAttemptAt !== undefined ? { next_attempt_at: nextAttemptAt } : {}),
          // Every other outcome settles the question: published, failed, or certainly not published.
          reconcile_pending: reconcileAt !== undefined ? 1 : 0,
          failure_class: failure?.errorClass ?? null,
          failure_message: failure?.message ?? null,
          failure_network_message: failure?.networkMessage ?? null,
        })
        .where('id', '=', publicationId)
        .where('state', '=', 'publishing')
        .where('claimed_by', '=', workerId);
      const updated = await update.executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await trx
        .updateTable('attempts')
        .set({
          ended_at: now,
          outcome: result.outcome satisfies AttemptOutcome,
          error_class: failure?.errorClass ?? null,
          error_message: failure?.message ?? null,
          network_response:
            result.outcome === 'published'
              ? (result.networkResponse ?? result.remoteId)
              : (failure?.networkMessage ?? null),
        })
        .where('id', '=', attemptId)
        .where('ended_at', 'is', null)
        .execute();
      return true;
    });
  }

  /** When the next publication becomes claimable (due, or due for reconciliation). */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('publications')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where(awaitingWork)
      .executeTakeFirst();
    return row?.next == null ? undefined : Number(row.next);
  }

  /** Claimable publications with their account's network, soonest first, without claiming them. */
  async listDue(input: { now: number; limit: number }): Promise<DueCandidate[]> {
    return this.candidates((query) =>
      query.where(claimableAt(input.now)).orderBy('publications.next_attempt_at').limit(input.limit),
    );
  }

  /** The named publications as candidates, whatever their state (a queue job names one). */
  async findCandidates(ids: readonly string[]): Promise<DueCandidate[]> {
    if (ids.length === 0) return [];
    return this.candidates((query) => query.where('publications.id', 'in', ids));
  }

  /**
   * Moves claimable publications to a later time without spending an attempt: their network's circuit
   * is open or their rate budget is spent. Returns the ids that moved.
   */
  async postpone(input: { ids: readonly string[]; until: number; now: number }): Promise<string[]> {
    if (input.ids.length === 0) return [];
    const rows = await this.db
      .updateTable('publications')
      .set({ next_attempt_at: input.until, updated_at: input.now })
      .where('id', 'in', input.ids)
      .where(awaitingWork)
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async findById(id: string): Promise<Publication | undefined> {
    const row = await this.db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPublication(row);
  }

  async find(workspaceId: string, id: string): Promise<Publication | undefined> {
    const row = await this.db
      .selectFrom('publications')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toPublication(row);
  }

  /** Moves a publication from one of `from` to `to` atomically; false when it was not in one of them. */
  async transition(input: {
    id: string;
    from: readonly string[];
    to: 'scheduled' | 'cancelled';
    now: number;
    nextAttemptAt?: number;
  }): Promise<boolean> {
    const result = await this.db
      .updateTable('publications')
      .set({
        state: input.to,
        updated_at: input.now,
        ...(input.nextAttemptAt !== undefined ? { next_attempt_at: input.nextAttemptAt } : {}),
        ...(input.to === 'scheduled'
          ? { failure_class: null, failure_message: null, failure_network_message: null }
          : {}),
      })
      .where('id', '=', input.id)
      .where('state', 'in', input.from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async attempts(publicationId: string): Promise<Attempt[]> {
    const rows = await this.db
      .selectFrom('attempts')
      .selectAll()
      .where('publication_id', '=', publicationId)
      .orderBy('number')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      publicationId: row.publication_id,
      number: Number(row.number),
      workerId: row.worker_id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      outcome: row.outcome as Attempt['outcome'],
      errorClass: row.error_class as Attempt['errorClass'],
      errorMessage: row.error_message,
      networkResponse: row.network_response,
    }));
  }

  private async candidates(refine: (query: CandidateQuery) => CandidateQuery): Promise<DueCandidate[]> {
    const query = this.db
      .selectFrom('publications')
      .innerJoin('accounts', 'accounts.id', 'publications.account_id')
      .select([
        'publications.id as id',
        'publications.account_id as accountId',
        'publications.state as state',
        'publications.next_attempt_at as nextAttemptAt',
        'accounts.network as network',
        'accounts.environment as environment',
      ]);
    const rows = await refine(query).execute();
    return rows.map((row) => ({
      id: row.id,
      accountId: row.accountId,
      state: row.state as PublicationState,
      nextAttemptAt: Number(row.nextAttemptAt),
      network: row.network as Network,
      environment: row.environment as Environment,
    }));
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('publications')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
  }
}

type CandidateQuery = SelectQueryBuilder<
  Database & { publications: Database['publications']; accounts: Database['accounts'] },
  'publications' | 'accounts',
  {
    id: string;
    accountId: string;
    state: string;
    nextAttemptAt: number;
    network: string;
    environment: string;
  }
>;

/** Waiting for a worker: scheduled, or unknown with a reconciliation planned. */
function awaitingWork(eb: ExpressionBuilder<Database, 'publications'>) {
  return eb.or([
    eb('publications.state', '=', 'scheduled'),
    eb.and([eb('publications.state', '=', 'unknown'), eb('publications.reconcile_pending', '=', 1)]),
  ]);
}

/** Awaiting work and due at `now`. */
function claimableAt(now: number) {
  return (eb: ExpressionBuilder<Database, 'publications'>) =>
    eb.and([eb('publications.next_attempt_at', '<=', now), awaitingWork(eb)]);
}
