import type { Kysely, Selectable } from 'kysely';
import type { AlertsTable, Database } from '../schema.js';

/**
 * `account_reconnect_needed`: a network refused an account for good.
 * `manual_post_due`: a publication on a network posted by hand is due; a person posts it.
 */
export type AlertKind = 'account_reconnect_needed' | 'manual_post_due';

export interface Alert {
  id: string;
  workspaceId: string;
  kind: AlertKind;
  accountId: string | null;
  /** The publication the alert is about, when it is about one. */
  publicationId: string | null;
  message: string;
  createdAt: number;
}

/**
 * Signals raised for people; one open alert per kind, account and publication, shown until dismissed
 * or resolved.
 */
export class AlertsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Raises an alert unless the same one is already open; returns whether a new one was written. */
  async raise(alert: Alert): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      let open = trx
        .selectFrom('alerts')
        .select('id')
        .where('workspace_id', '=', alert.workspaceId)
        .where('kind', '=', alert.kind)
        .where('dismissed_at', 'is', null);
      open =
        alert.accountId === null
          ? open.where('account_id', 'is', null)
          : open.where('account_id', '=', alert.accountId);
      open =
        alert.publicationId === null
          ? open.where('publication_id', 'is', null)
          : open.where('publication_id', '=', alert.publicationId);
      if (await open.executeTakeFirst()) return false;
      await insertAlert(trx, alert);
      return true;
    });
  }

  async listOpen(workspaceId: string): Promise<Alert[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('dismissed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toAlert);
  }

  async dismiss(workspaceId: string, id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('alerts')
      .set({ dismissed_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('dismissed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Closes the open alerts of one kind about an account, once it works again. */
  async resolveForAccount(accountId: string, kind: AlertKind, now: number): Promise<void> {
    await this.db
      .updateTable('alerts')
      .set({ dismissed_at: now })
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('dismissed_at', 'is', null)
      .execute();
  }

  /** Closes every open alert about a publication a person has settled (posted by hand, cancelled). */
  async resolveForPublication(publicationId: string, now: number): Promise<void> {
    await resolvePublicationAlerts(this.db, publicationId, now);
  }
}

/**
 * Writes an alert as it is, with `db` a transaction when the alert belongs with another change (a
 * publication handed to people): both are kept, or neither.
 */
export async function insertAlert(db: Kysely<Database>, alert: Alert): Promise<void> {
  await db
    .insertInto('alerts')
    .values({
      id: alert.id,
      workspace_id: alert.workspaceId,
      kind: alert.kind,
      account_id: alert.accountId,
      publication_id: alert.publicationId,
      message: alert.message,
      created_at: alert.createdAt,
      dismissed_at: null,
    })
    .execute();
}

export async function resolvePublicationAlerts(db: Kysely<Database>, publicationId: string, now: number) {
  await db
    .updateTable('alerts')
    .set({ dismissed_at: now })
    .where('publication_id', '=', publicationId)
    .where('dismissed_at', 'is', null)
    .execute();
}

function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind as AlertKind,
    accountId: row.account_id,
    publicationId: row.publication_id,
    message: row.message,
    createdAt: Number(row.created_at),
  };
}
