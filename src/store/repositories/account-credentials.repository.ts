import type { Kysely } from 'kysely';
import type { AccountState } from '../../core/model.js';
import type { Environment, Network } from '../../core/networks.js';
import type { Database } from '../schema.js';

/** An account's stored credentials while the caller holds its lock. */
export interface LockedCredentials {
  state: AccountState;
  /** Encrypted; only the services hold the key. */
  sealedCredentials: string;
  /** Saves renewed credentials before the lock is released. */
  save(sealedCredentials: string, expiresAt: number | null, now: number): Promise<void>;
}

export interface ExpiringAccount {
  id: string;
  workspaceId: string;
  network: Network;
  environment: Environment;
  handle: string;
  credentialsExpireAt: number;
}

/**
 * Credentials renewal across processes. Networks rotate refresh tokens: two processes refreshing the
 * same account at once would have the second one refused and the account locked out. So a renewal
 * holds a per-account lock while it talks to the network: a row lock (SELECT … FOR UPDATE) on
 * PostgreSQL, where many workers run; an in-process queue on SQLite, where one process publishes.
 */
export class AccountCredentialsRepository {
  private readonly localLocks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Runs `work` holding the account's lock; undefined when the account no longer exists. */
  async withLock<T>(accountId: string, work: (locked: LockedCredentials) => Promise<T>): Promise<T | undefined> {
    if (this.dialect === 'postgres') {
      return this.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('accounts')
          .select(['credentials', 'state'])
          .where('id', '=', accountId)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return undefined;
        return work({
          state: row.state as AccountState,
          sealedCredentials: row.credentials,
          save: async (sealed, expiresAt, now) => {
            await trx
              .updateTable('accounts')
              .set({ credentials: sealed, credentials_expire_at: expiresAt, updated_at: now })
              .where('id', '=', accountId)
              .execute();
          },
        });
      });
    }
    return this.inProcessQueue(accountId, async () => {
      const row = await this.db
        .selectFrom('accounts')
        .select(['credentials', 'state'])
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (!row) return undefined;
      return work({
        state: row.state as AccountState,
        sealedCredentials: row.credentials,
        save: async (sealed, expiresAt, now) => {
          await this.db
            .updateTable('accounts')
            .set({ credentials: sealed, credentials_expire_at: expiresAt, updated_at: now })
            .where('id', '=', accountId)
            .execute();
        },
      });
    });
  }

  /** Connected accounts whose credentials expire before `before`, soonest first. */
  async listExpiring(input: { before: number; limit: number }): Promise<ExpiringAccount[]> {
    const rows = await this.db
      .selectFrom('accounts')
      .select(['id', 'workspace_id', 'network', 'environment', 'handle', 'credentials_expire_at'])
      .where('state', '=', 'connected')
      .where('credentials_expire_at', 'is not', null)
      .where('credentials_expire_at', '<', input.before)
      .orderBy('credentials_expire_at')
      .limit(input.limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      workspaceId: row.workspace_id,
      network: row.network as Network,
      environment: row.environment as Environment,
      handle: row.handle,
      credentialsExpireAt: Number(row.credentials_expire_at),
    }));
  }

  private async inProcessQueue<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.localLocks.get(key) ?? Promise.resolve();
    const mine = previous.then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.localLocks.set(key, settled);
    try {
      return await mine;
    } finally {
      if (this.localLocks.get(key) === settled) this.localLocks.delete(key);
    }
  }
}
