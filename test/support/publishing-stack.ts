import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type RunningXEmulator, startXEmulator } from '../../sandbox/x/harness.js';
import type { RateLimitRule } from '../../sandbox/x/rate-limits.js';
import type { PublishLimits } from '../../src/connectors/kit/connector.js';
import type { Account } from '../../src/core/model.js';
import type { Crier } from '../../src/crier.js';
import type { DatabaseSettings } from '../../src/store/database.js';
import { freshDatabaseSettings, POSTGRES_TEST_URL } from './databases.js';
import { freePort } from './ports.js';
import { createTestSchema } from './postgres-databases.js';
import { startTestCrier } from './test-crier.js';
import { connectXAccount, sandboxXConnector, TEST_X_CLIENT_ID, TEST_X_POST_LIMIT } from './x-sandbox.js';

export interface PublishingStackOptions {
  dialect: 'sqlite' | 'postgres';
  /** On PostgreSQL, the database to use (see postgres-databases.ts); the shared test database otherwise. */
  postgresUrl?: string;
  /** The emulator's limit on POST /2/tweets per user; Crier's budget follows it. Generous by default. */
  postLimit?: RateLimitRule;
  /** Time limit of each call to X; short, so an injected timeout ends quickly. */
  timeoutMs?: number;
  reconcileDelayMs?: number;
  /** Lifetime of the emulator's access tokens; X's 2 hours by default. */
  accessTokenTtlSeconds?: number;
}

export interface PublishingStack {
  crier: Crier;
  x: RunningXEmulator;
  workspaceId: string;
  userId: string;
  account: Account;
  /** Schedules one post per text, due at `dueAt`; returns the publication ids in order. */
  schedule(texts: string[], dueAt: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A Crier publishing through the queue its dialect calls for (embedded scheduler on SQLite,
 * graphile-worker on PostgreSQL, each in a fresh schema), an X emulator, and one connected account.
 */
export async function startPublishingStack(options: PublishingStackOptions): Promise<PublishingStack> {
  const { settings, drop } = await databaseFor(options);
  const graphileSchema = `crier_jobs_${randomBytes(6).toString('hex')}`;
  const port = await freePort();
  const postLimit = options.postLimit ?? { limit: TEST_X_POST_LIMIT, windowMs: 15 * 60_000 };
  const x = await startXEmulator({
    clients: [{ clientId: TEST_X_CLIENT_ID, redirectUris: [`http://localhost:${port}/api/oauth/callback/x`] }],
    rateLimits: { 'POST /2/tweets': postLimit },
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
  });
  const publishLimits: PublishLimits = {
    perAccount: postLimit,
    perApp: { limit: TEST_X_POST_LIMIT, windowMs: 60_000 },
  };
  const crier = await startTestCrier({
    connectors: [sandboxXConnector(x.baseUrl, { timeoutMs: options.timeoutMs ?? 1000, publishLimits })],
    database: settings,
    port,
    pollMs: 50,
    configure: (config) => ({
      ...config,
      scheduler: {
        ...config.scheduler,
        reconcileDelayMs: options.reconcileDelayMs ?? 300,
        graphileSchema,
        workerId: `test-worker-${randomBytes(3).toString('hex')}`,
      },
    }),
  });
  const grant = await crier.services.auth.setupOwner({
    name: 'Owner',
    email: 'owner@example.test',
    password: 'a long enough password',
    workspaceName: 'Launch',
    timeZone: 'Europe/Berlin',
  });
  const [membership] = await crier.services.auth.memberships(grant.user.id);
  const workspaceId = membership?.workspace.id ?? '';
  const account = await connectXAccount({
    accounts: crier.services.accounts,
    workspaceId,
    userId: grant.user.id,
    username: 'launch_team',
  });

  return {
    crier,
    x,
    workspaceId,
    userId: grant.user.id,
    account,
    async schedule(texts, dueAt) {
      const ids: string[] = [];
      for (const text of texts) {
        const post = await crier.services.posts.create(workspaceId, grant.user.id, {
          text,
          mediaIds: [],
          accountIds: [account.id],
          variants: [],
          scheduledAt: new Date(dueAt).toISOString(),
          timeZone: 'Europe/Berlin',
          trackLinks: false,
        });
        ids.push(...post.publications.map((publication) => publication.id));
      }
      return ids;
    },
    async close() {
      await crier.close();
      await x.close();
      await drop();
      if (options.dialect === 'postgres') {
        const client = new pg.Client({ connectionString: options.postgresUrl ?? POSTGRES_TEST_URL });
        await client.connect();
        await client.query(`drop schema if exists ${graphileSchema} cascade`);
        await client.end();
      }
    },
  };
}

async function databaseFor(
  options: PublishingStackOptions,
): Promise<{ settings: DatabaseSettings; drop(): Promise<void> }> {
  if (options.dialect === 'postgres' && options.postgresUrl) {
    const { schema, drop } = await createTestSchema(options.postgresUrl);
    return { settings: { kind: 'postgres', url: options.postgresUrl, schema }, drop };
  }
  return freshDatabaseSettings(options.dialect);
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
