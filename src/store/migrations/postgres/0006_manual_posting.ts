import type { Kysely } from 'kysely';
import { addManualPosting } from '../manual-posting.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await addManualPosting(db);
}
