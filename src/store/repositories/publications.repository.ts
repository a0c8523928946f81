import type { Kysely } from 'kysely';
import type { Attempt, AttemptOutcome, Publication, PublicationFailure } from '../../core/model.js';
import { LATE_THRESHOLD_MS } from '../../core/publication.js';
import type { Database } from '../schema.js';
import { toPublication } from './rows.js';

export interface ClaimedPublication {
  publication: Publication;
  attemptId: string;
  attemptNumber: number;
}

export type AttemptResult =
  | { outcome: 'published'; remoteId: string; permalink: string; networkResponse?: string }
  | { outcome: 'failed' | 'unknown'; failure: PublicationFailure }
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
   * Claims up to `limit` due publications for `workerId` and records an open attempt for each, in one
   * transaction: after it commits, every claimed publication has an attempt on record before any
   * network is called.
   */
  async claimDue(input: {
    workerId: string;
    now: number;
    limit: number;
    leaseMs: number;
    newId: () => string;
  }): Promise<ClaimedPublication[]> {
    const { workerId, now, limit, leaseMs } = input;
    return this.db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('publications')
        .select('id')
        .where('state', '=', 'scheduled')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit);
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
        .where('state', '=', 'scheduled')
        .returningAll()
        .execute();

      const claimed = rows.map((row) => ({
        publication: toPublication(row),
        attemptId: input.newId(),
        attemptNumber: Number(row.attempt_count),
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
          ...(result.outcome === 'retry' ? { next_attempt_at: result.nextAttemptAt } : {}),
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

  /**
   * After a crash: publications still marked publishing whose lease ended before `leaseCutoff`. An attempt that was
   * recorded but never finished may have reached the network, so it becomes `unknown` instead of being
   * repeated; the person decides (or, later, reconciliation does).
   */
  async recoverAbandoned(input: { leaseCutoff: number; now: number; message: string }): Promise<Publication[]> {
    const { leaseCutoff, now, message } = input;
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('publications')
        .set({
          state: 'unknown',
          claimed_by: null,
          claimed_until: null,
          failure_class: 'unknown_outcome',
          failure_message: message,
          failure_network_message: null,
          updated_at: now,
        })
        .where('state', '=', 'publishing')
        .where('claimed_until', '<=', leaseCutoff)
        .returningAll()
        .execute();
      if (rows.length > 0) {
        await trx
          .updateTable('attempts')
          .set({ ended_at: now, outcome: 'unknown', error_class: 'unknown_outcome', error_message: message })
          .where(
            'publication_id',
            'in',
            rows.map((row) => row.id),
          )
          .where('ended_at', 'is', null)
          .execute();
      }
      return rows.map(toPublication);
    });
  }

  /** Hands every publication this worker holds to whoever comes next (used by a worker that starts anew). */
  async expireLeasesOf(workerId: string, now: number): Promise<void> {
    await this.db
      .updateTable('publications')
      .set({ claimed_until: now })
      .where('state', '=', 'publishing')
      .where('claimed_by', '=', workerId)
      .execute();
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('publications')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('state', '=', 'scheduled')
      .executeTakeFirst();
    return row?.next == null ? undefined : Number(row.next);
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

  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('publications')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
  }
}
