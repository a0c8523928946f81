import type { Kysely } from 'kysely';
import { createAccountChoicesTable } from '../account-choices-table.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await createAccountChoicesTable(db, 'integer');
}
