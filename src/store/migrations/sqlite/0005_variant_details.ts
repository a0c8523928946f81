import type { Kysely } from 'kysely';

/** Variants carry a title, a link and network options (a Pinterest board, a YouTube privacy…). */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('variants').addColumn('title', 'text').execute();
  await db.schema.alterTable('variants').addColumn('link', 'text').execute();
  await db.schema.alterTable('variants').addColumn('options', 'text').execute();
}
