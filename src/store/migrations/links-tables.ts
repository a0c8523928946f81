import type { ColumnDataType, Kysely } from 'kysely';

/** Tables of tracked links, clicks and conversions (migration 0004), parameterised by dialect types. */
export interface LinkDialectTypes {
  /** Epoch milliseconds. */
  time: ColumnDataType;
  integer: ColumnDataType;
  /** A conversion's value (a price, a score). */
  decimal: ColumnDataType;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export async function createLinkTables(db: AnyDb, t: LinkDialectTypes): Promise<void> {
  await db.schema
    .createTable('links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('original_url', 'text', (c) => c.notNull())
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('variant_id', 'text', (c) => c.references('variants.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id').onDelete('set null'))
    .addColumn('network', 'text')
    .addColumn('segment_id', 'text', (c) => c.references('segments.id').onDelete('set null'))
    .addColumn('enabled', t.integer, (c) => c.notNull().defaultTo(1))
    .addColumn('expires_at', t.time)
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('links_workspace_created').on('links').columns(['workspace_id', 'created_at']).execute();
  await db.schema.createIndex('links_post').on('links').column('post_id').execute();
  await db.schema.createIndex('links_campaign').on('links').column('campaign_id').execute();
  // every redirect process asks for the links changed since its last look, every few seconds
  await db.schema.createIndex('links_updated').on('links').column('updated_at').execute();

  await db.schema
    .createTable('link_domains')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().unique().references('workspaces.id').onDelete('cascade'))
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();

  // Written in batches by the click recorder, so it has as few indexes as reports allow: its key is a
  // time-ordered click id and its one index leads with the workspace, so new rows land at the end of
  // both B-trees instead of at random places (three times cheaper to write on SQLite).
  await db.schema
    .createTable('clicks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('referrer_host', 'text')
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('browser', 'text')
    .addColumn('is_bot', t.integer, (c) => c.notNull())
    .addColumn('visitor_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clicks_workspace_at').on('clicks').columns(['workspace_id', 'at']).execute();

  await db.schema
    .createTable('visitor_salts')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();

  // No foreign key to clicks: a conversion may arrive before its click's batch is written.
  await db.schema
    .createTable('conversions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('click_id', 'text', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    .addColumn('value', t.decimal)
    .addColumn('currency', 'text')
    .addColumn('at', t.time, (c) => c.notNull())
    .addUniqueConstraint('conversions_click_goal_unique', ['click_id', 'goal'])
    .execute();
  await db.schema.createIndex('conversions_at').on('conversions').column('at').execute();
}
