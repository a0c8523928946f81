import { type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { Attempt, Publication, PublicationFailure } from '../../core/model.js';
import type { Environment, Network } from '../../core/networks.js';
import type { PublicationState } from '../../core/publication.js';
import type { Database, PublicationsTable } from '../schema.js';
import {
  attemptOutcome,
  type ClaimInput,
  type CompleteInput,
  claimedColumns,
  publicationOutcome,
  toClaimed,
} from './publication-changes.js';
import { toPublication } from './rows.js';

export type { ClaimInput, CompleteInput } from './publication-changes.js';

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
  /** As read, before any claim: enough to prepare its post while the claim is being made. */
  publication: Publication;
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
  async claimDue(input: ClaimInput): Promise<ClaimedPublication[]> {
    if (input.ids?.length === 0) return [];
    return this.dialect === 'postgres' ? this.claimInOneStatement(input) : this.claimInTransaction(input);
  }

  /**
   * PostgreSQL: select (skipping rows other workers hold), claim and record the attempts in a single
   * statement. One round trip instead of five matters when a launch makes a thousand posts due at once.
   */
  private async claimInOneStatement(input: ClaimInput): Promise<ClaimedPublication[]> {
    const { workerId, now, limit } = input;
    const rows = await this.db
      .with('due', (db) => {
        let due = db
          .selectFrom('publications')
          .select('id')
          .where(claimableAt(now))
          .orderBy('next_attempt_at')
          .limit(limit)
          .forUpdate()
          .skipLocked();
        if (input.ids) due = due.where('id', 'in', input.ids);
        return due;
      })
      .with('claimed', (db) =>
        db
          .updateTable('publications')
          .set((eb) => claimedColumns(eb, input))
          .from('due')
          .whereRef('publications.id', '=', 'due.id')
          .returningAll('publications'),
      )
      .with('attempt', (db) =>
        db
          .insertInto('attempts')
          .columns(['id', 'publication_id', 'number', 'worker_id', 'started_at'])
          .expression((eb) =>
            eb
              .selectFrom('claimed')
              .select([
                sql<string>`gen_random_uuid()::text`.as('id'),
                'claimed.id as publication_id',
                'claimed.attempt_count as number',
                eb.val(workerId).as('worker_id'),
                eb.val(now).as('started_at'),
              ]),
          )
          .returning(['attempts.id as attempt_id', 'attempts.publication_id']),
      )
      .selectFrom('claimed')
      .innerJoin('attempt', 'attempt.publication_id', 'claimed.id')
      .selectAll('claimed')
      .select('attempt.attempt_id')
      .execute();
    return rows.map((row) => toClaimed(row, row.attempt_id));
  }

  /** SQLite: the same in one transaction (one process writes, so nothing needs skipping). */
  private async claimInTransaction(input: ClaimInput): Promise<ClaimedPublication[]> {
    const { workerId, now, limit } = input;
    return this.db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('publications')
        .select('id')
        .where(claimableAt(now))
        .orderBy('next_attempt_at')
        .limit(limit);
      if (input.ids) due = due.where('id', 'in', input.ids);
      const ids = (await due.execute()).map((row) => row.id);
      if (ids.length === 0) return [];
      const rows = await trx
        .updateTable('publications')
        .set((eb) => claimedColumns(eb, input))
        .where('id', 'in', ids)
        .where(claimableAt(now))
        .returningAll()
        .execute();
      const claimed = rows.map((row) => toClaimed(row, input.newId()));
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
  async completeAttempt(input: CompleteInput): Promise<boolean> {
    const publicationSet = publicationOutcome(input);
    const attemptSet = attemptOutcome(input);
    const held = (eb: ExpressionBuilder<Database, 'publications'>) =>
      eb.and([
        eb('publications.id', '=', input.publicationId),
        eb('publications.state', '=', 'publishing'),
        eb('publications.claimed_by', '=', input.workerId),
      ]);
    if (this.dialect === 'postgres') {
      // One statement: the attempt is closed only if the publication was still this worker's.
      const row = await this.db
        .with('done', (db) => db.updateTable('publications').set(publicationSet).where(held).returning('id'))
        .with('ended', (db) =>
          db
            .updateTable('attempts')
            .set(attemptSet)
            .where('id', '=', input.attemptId)
            .where('ended_at', 'is', null)
            .where((eb) => eb.exists(eb.selectFrom('done').select('done.id')))
            .returning('attempts.id'),
        )
        .selectFrom('done')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0) > 0;
    }
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('publications').set(publicationSet).where(held).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await trx
        .updateTable('attempts')
        .set(attemptSet)
        .where('id', '=', input.attemptId)
        .where('ended_at', 'is', null)
        .execute();
      return true;
    });
  }

  /** When the next publication becomes claimable (due, or due for reconciliation). */
  async nextDueAt(): Promise<number | undefined> {
    // Two minimums, one per state, each answered from the (state, next_attempt_at) index without a scan.
    const [scheduled, reconciling] = await Promise.all(
      [
        (query: MinQuery) => query.where('state', '=', 'scheduled'),
        (query: MinQuery) => query.where('state', '=', 'unknown').where('reconcile_pending', '=', 1),
      ].map((refine) =>
        refine(
          this.db.selectFrom('publications').select((eb) => eb.fn.min<number | null>('next_attempt_at').as('next')),
        ).executeTakeFirst(),
      ),
    );
    const times = [scheduled?.next, reconciling?.next].filter((value) => value != null).map(Number);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Claimable publications with their account's network, soonest first, without claiming them. */
  async listDue(input: { now: number; limit: number }): Promise<DueCandidate[]> {
    // One index range per state rather than one OR across both, which would sort every due row.
    const [scheduled, reconciling] = await Promise.all([
      this.candidates((query) =>
        query
          .where('publications.state', '=', 'scheduled')
          .where('publications.next_attempt_at', '<=', input.now)
          .orderBy('publications.next_attempt_at')
          .limit(input.limit),
      ),
      this.candidates((query) =>
        query
          .where('publications.state', '=', 'unknown')
          .where('publications.reconcile_pending', '=', 1)
          .where('publications.next_attempt_at', '<=', input.now)
          .orderBy('publications.next_attempt_at')
          .limit(input.limit),
      ),
    ]);
    return [...scheduled, ...reconciling].sort((a, b) => a.nextAttemptAt - b.nextAttemptAt).slice(0, input.limit);
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
      .selectAll('publications')
      .select(['accounts.network as network', 'accounts.environment as environment']);
    const rows = await refine(query).execute();
    return rows.map(({ network, environment, ...row }) => {
      const publication = toPublication(row);
      return {
        id: publication.id,
        accountId: publication.accountId,
        state: publication.state,
        nextAttemptAt: publication.nextAttemptAt,
        network: network as Network,
        environment: environment as Environment,
        publication,
      };
    });
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

type MinQuery = SelectQueryBuilder<Database, 'publications', { next: number | null }>;

type CandidateQuery = SelectQueryBuilder<
  Database,
  'publications' | 'accounts',
  Selectable<PublicationsTable> & { network: string; environment: string }
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
