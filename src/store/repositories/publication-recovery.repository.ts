import type { Kysely } from 'kysely';
import type { Publication } from '../../core/model.js';
import type { Database } from '../schema.js';
import { toPublication } from './rows.js';

/**
 * What the recovery sweep reads and changes: publications no worker holds any more, and publications
 * whose queue job may have been lost. Every change is conditional on the state the sweep expects.
 */
export class PublicationRecoveryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * After a crash: publications still marked publishing whose lease ended before `leaseCutoff`. An
   * attempt that was recorded but never finished may have reached the network, so it becomes
   * `unknown` instead of being repeated; reconciliation (or a person) decides what happened.
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
          reconcile_pending: 0,
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

  /** Hands every publication this worker holds to the sweep at once (a worker starting anew under the same id). */
  async expireLeasesOf(workerId: string, now: number): Promise<void> {
    await this.db
      .updateTable('publications')
      .set({ claimed_until: now })
      .where('state', '=', 'publishing')
      .where('claimed_by', '=', workerId)
      .execute();
  }

  /** Plans a look on the network at `at` for unknown publications; returns the ids that were planned. */
  async scheduleReconciliation(input: {
    ids: readonly string[];
    at: number;
    now: number;
    message: string;
  }): Promise<string[]> {
    if (input.ids.length === 0) return [];
    const rows = await this.db
      .updateTable('publications')
      .set({ reconcile_pending: 1, next_attempt_at: input.at, failure_message: input.message, updated_at: input.now })
      .where('id', 'in', input.ids)
      .where('state', '=', 'unknown')
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Publications that should have been taken by `dueBefore` and were not: their queue job may be held
   * by a worker that died, or may never have been written. Oldest first.
   */
  async listOverdue(input: { dueBefore: number; limit: number }): Promise<Array<{ id: string; dueAt: number }>> {
    const rows = await this.db
      .selectFrom('publications')
      .select(['id', 'next_attempt_at'])
      .where('next_attempt_at', '<', input.dueBefore)
      .where((eb) =>
        eb.or([eb('state', '=', 'scheduled'), eb.and([eb('state', '=', 'unknown'), eb('reconcile_pending', '=', 1)])]),
      )
      .orderBy('next_attempt_at')
      .limit(input.limit)
      .execute();
    return rows.map((row) => ({ id: row.id, dueAt: Number(row.next_attempt_at) }));
  }
}
