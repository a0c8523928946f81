import type { Kysely } from 'kysely';
import { createInitialTables } from '../initial-tables.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await createInitialTables(db, { time: 'integer', integer: 'integer' });
}
