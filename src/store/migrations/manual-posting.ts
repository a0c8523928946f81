import type { Kysely } from 'kysely';

/**
 * Migration 0006, the same on both dialects: an alert may be about one publication (a post due to be
 * made by hand), and goes with it when the publication is deleted.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function addManualPosting(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('alerts')
    .addColumn('publication_id', 'text', (c) => c.references('publications.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('alerts_publication').on('alerts').column('publication_id').execute();
}
