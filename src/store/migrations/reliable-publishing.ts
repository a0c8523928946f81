import type { ColumnDataType, Kysely } from 'kysely';

/**
 * Migration 0003, shared by both dialects and parameterised by their types: what exactly-once
 * publishing across many workers needs to keep in the database.
 */
export interface ReliablePublishingTypes {
  /** Epoch milliseconds. */
  time: ColumnDataType;
  /** A fraction of a token. */
  fraction: ColumnDataType;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export async function addReliablePublishing(db: AnyDb, t: ReliablePublishingTypes): Promise<void> {
  // 1 when an earlier attempt's outcome is unknown: look on the network before publishing again.
  await db.schema
    .alterTable('publications')
    .addColumn('reconcile_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Token buckets shared by every process publishing (per account, per network).
  await db.schema
    .createTable('rate_buckets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tokens', t.fraction, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('dismissed_at', t.time)
    .execute();
  await db.schema.createIndex('alerts_open').on('alerts').columns(['workspace_id', 'dismissed_at']).execute();

  // The token refresh looks for connected accounts whose credentials expire soon.
  await db.schema
    .createIndex('accounts_credentials_expiry')
    .on('accounts')
    .columns(['state', 'credentials_expire_at'])
    .execute();
}
