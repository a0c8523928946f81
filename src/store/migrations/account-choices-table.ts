import type { Kysely } from 'kysely';

/**
 * Accounts a login offered (several Pages, organizations…) while the person picks which to connect.
 * The candidates' credentials are sealed; a row lives minutes and is used once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
export async function createAccountChoicesTable(db: Kysely<any>, time: 'integer' | 'bigint'): Promise<void> {
  await db.schema
    .createTable('account_choices')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
}
