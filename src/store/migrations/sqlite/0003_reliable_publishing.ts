import type { Kysely } from 'kysely';
import { addReliablePublishing } from '../reliable-publishing.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await addReliablePublishing(db, { time: 'integer', fraction: 'real' });
}
