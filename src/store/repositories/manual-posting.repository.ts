import type { Kysely } from 'kysely';
import type { AttemptOutcome } from '../../core/model.js';
import type { Database } from '../schema.js';
import { type Alert, insertAlert, resolvePublicationAlerts } from './alerts.repository.js';

/**
 * The storage of publications on networks posted by hand: handing a claimed publication to people at
 * its due time, and a person marking it posted. Like every change of a publication's state, each is
 * conditional on the state it expects.
 */
export class ManualPostingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Ends a claimed publication's attempt without any network call: the publication waits for a person
   * (`awaiting_manual`), the attempt ends with outcome `manual`, and the reminder is raised — in one
   * transaction, so a publication never waits without its reminder. Returns false when `workerId` no
   * longer holds the claim (the sweep took it), and then changes nothing.
   */
  async handOver(input: {
    publicationId: string;
    attemptId: string;
    workerId: string;
    now: number;
    reminder: Alert;
  }): Promise<boolean> {
    const { publicationId, attemptId, workerId, now } = input;
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('publications')
        .set({
          state: 'awaiting_manual',
          claimed_by: null,
          claimed_until: null,
          reconcile_pending: 0,
          failure_class: null,
          failure_message: null,
          failure_network_message: null,
          updated_at: now,
        })
        .where('id', '=', publicationId)
        .where('state', '=', 'publishing')
        .where('claimed_by', '=', workerId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await trx
        .updateTable('attempts')
        .set({ ended_at: now, outcome: 'manual' satisfies AttemptOutcome, error_class: null, error_message: null })
        .where('id', '=', attemptId)
        .where('ended_at', 'is', null)
        .execute();
      await insertAlert(trx, input.reminder);
      return true;
    });
  }

  /**
   * A person posted it by hand: published now, with the link they gave (the network's id stays
   * unknown), and its reminders closed. False when it was not waiting for a person.
   */
  async markPosted(input: {
    workspaceId: string;
    id: string;
    permalink: string | null;
    now: number;
  }): Promise<boolean> {
    const { workspaceId, id, permalink, now } = input;
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('publications')
        .set({ state: 'published', permalink, published_at: now, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('state', '=', 'awaiting_manual')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await resolvePublicationAlerts(trx, id, now);
      return true;
    });
  }
}
