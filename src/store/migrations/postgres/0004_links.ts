import type { Kysely } from 'kysely';
import { createLinkTables } from '../links-tables.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await createLinkTables(db, { time: 'bigint', integer: 'integer', decimal: 'double precision' });
}
