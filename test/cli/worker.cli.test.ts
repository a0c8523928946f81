import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createXEmulator, type XEmulator } from '../../sandbox/x/emulator.js';
import { SANDBOX_X_CLIENT_ID } from '../../src/cli/local.js';
import { createXConnector } from '../../src/connectors/x/x.connector.js';
import { DIALECTS } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { createTestPostgresDatabase } from '../support/postgres-databases.js';
import { waitFor } from '../support/publishing-stack.js';
import { startTestCrier } from '../support/test-crier.js';
import { connectXAccount } from '../support/x-sandbox.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => ['--import', 'tsx', 'src/cli/main.ts', ...args];

/** `crier worker`, the real entry point: refused on SQLite, and publishing from PostgreSQL. */
describe('crier worker', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('refuses to run on SQLite, where crier serve publishes by itself', async () => {
    const env = { ...process.env, CRIER_SANDBOX: 'false', LOG_LEVEL: 'silent', DATABASE_URL: '' };
    const failed = await promisify(execFile)(process.execPath, cli('worker'), { cwd: ROOT, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 65, stderr: expect.stringContaining('crier worker needs PostgreSQL') });
  });

  it.runIf(DIALECTS.includes('postgres'))(
    'publishes what an API-only Crier schedules on PostgreSQL',
    async () => {
      // a database of its own: graphile-worker stops every worker in a database where another installs it
      const database = await createTestPostgresDatabase();
      const settings = { kind: 'postgres' as const, url: database.url };
      const secretKey = randomBytes(32).toString('base64');
      const port = await freePort();
      const xPort = await freePort();
      // the sandbox X emulator where `crier serve` would run it, at PORT+1 by default: here, given explicitly
      const x: XEmulator = createXEmulator({
        clients: [{ clientId: SANDBOX_X_CLIENT_ID, redirectUris: [`http://localhost:${port}/api/oauth/callback/x`] }],
      });
      await x.app.listen({ host: '127.0.0.1', port: xPort });
      const xBase = `http://localhost:${xPort}`;
      const api = await startTestCrier({
        connectors: [
          createXConnector({
            environment: 'sandbox',
            clientId: SANDBOX_X_CLIENT_ID,
            apiBaseUrl: xBase,
            authorizeUrl: `${xBase}/i/oauth2/authorize`,
            webUrl: xBase,
          }),
        ],
        database: settings,
        port,
        secretKey,
        scheduler: false,
      });
      cleanups.push(async () => {
        await x.app.close();
        await database.drop();
      });
      const grant = await api.services.auth.setupOwner({
        name: 'Owner',
        email: 'owner@example.test',
        password: 'a long enough password',
        workspaceName: 'Cars',
        timeZone: 'Europe/Berlin',
      });
      const [membership] = await api.services.auth.memberships(grant.user.id);
      const workspaceId = membership?.workspace.id ?? '';
      const account = await connectXAccount({
        accounts: api.services.accounts,
        workspaceId,
        userId: grant.user.id,
        username: 'car_maker',
      });
      const post = await api.services.posts.create(workspaceId, grant.user.id, {
        text: 'Published by a worker process',
        mediaIds: [],
        accountIds: [account.id],
        variants: [],
        scheduledAt: new Date(Date.now() + 500).toISOString(),
        timeZone: 'Europe/Berlin',
        trackLinks: false,
      });

      const env = {
        ...process.env,
        DATABASE_URL: database.url,
        CRIER_SECRET_KEY: secretKey,
        CRIER_SANDBOX_PORT: String(xPort),
        CRIER_SANDBOX_BLUESKY: 'false',
        PORT: String(port),
        LOG_LEVEL: 'silent',
      };
      const worker: ChildProcess = spawn(process.execPath, cli('worker'), { cwd: ROOT, env, stdio: 'ignore' });
      cleanups.unshift(async () => {
        worker.kill('SIGKILL');
        await api.close();
      });

      const [publication] = post.publications;
      await waitFor(
        async () => (await api.store.publications.findById(publication?.id ?? ''))?.state === 'published',
        20_000,
      );
      expect(x.state.listPosts().map((item) => item.text)).toEqual(['Published by a worker process']);
      worker.kill('SIGTERM');
      const exitCode = await new Promise((resolve) => worker.once('exit', resolve));
      expect(exitCode).toBe(0);
    },
    40_000,
  );
});
