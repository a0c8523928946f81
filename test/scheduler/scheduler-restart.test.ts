import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Crier } from '../../src/crier.js';
import { freePort } from '../support/ports.js';
import { startTestCrier } from '../support/test-crier.js';
import { connectXAccount, type RunningXEmulator, sandboxXConnector, startTestXEmulator } from '../support/x-sandbox.js';

const PUBLICATIONS = 200;
const SECRET_KEY = randomBytes(32).toString('base64');

/**
 * 200 publications due at the same moment on SQLite. A scheduler process is killed with SIGKILL while
 * it publishes; a new one takes over. The few that were in flight at the kill become `unknown`; the
 * new process reconciles them (it looks at the account's recent posts before publishing again), so
 * every publication ends published exactly once: never repeated blindly, never lost.
 */
describe('embedded scheduler across a crash', () => {
  let dataDir: string;
  let x: RunningXEmulator;
  let crier: Crier | undefined;
  let child: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-restart-'));
    port = await freePort();
    x = await startTestXEmulator(`http://localhost:${port}`);
    // slow the network a little so the kill lands while posts are in flight
    x.faults.setLatency(15, { path: '/2/tweets' });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await crier?.close();
    await x.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes each due publication exactly once, reconciling the ones cut off mid-flight', async () => {
    const setupCrier = await startTestCrier({
      connectors: [sandboxXConnector(x.baseUrl)],
      dataDir,
      scheduler: false,
      secretKey: SECRET_KEY,
      port,
    });
    const grant = await setupCrier.services.auth.setupOwner({
      name: 'Owner',
      email: 'owner@example.test',
      password: 'a long enough password',
      workspaceName: 'Launch',
      timeZone: 'Europe/Berlin',
    });
    const [membership] = await setupCrier.services.auth.memberships(grant.user.id);
    const workspaceId = membership?.workspace.id ?? '';
    const account = await connectXAccount({
      accounts: setupCrier.services.accounts,
      workspaceId,
      userId: grant.user.id,
      username: 'launch_team',
    });
    const dueAt = new Date(Date.now() + 1500).toISOString();
    for (let index = 0; index < PUBLICATIONS; index += 1) {
      await setupCrier.services.posts.create(workspaceId, grant.user.id, {
        text: `Launch day, message ${index}`,
        mediaIds: [],
        accountIds: [account.id],
        variants: [],
        scheduledAt: dueAt,
        timeZone: 'Europe/Berlin',
      });
    }
    await setupCrier.close();

    child = await spawnScheduler({ dataDir, emulatorUrl: x.baseUrl });
    await waitFor(() => x.state.listPosts().length >= 60, 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    const postedBeforeKill = x.state.listPosts().length;
    expect(postedBeforeKill).toBeLessThan(PUBLICATIONS);

    crier = await startTestCrier({
      connectors: [sandboxXConnector(x.baseUrl)],
      dataDir,
      secretKey: SECRET_KEY,
      pollMs: 50,
      configure: (config) => ({ ...config, scheduler: { ...config.scheduler, reconcileDelayMs: 200 } }),
    });
    await waitFor(async () => {
      const counts = await crier?.store.publications.countByState();
      return counts?.published === PUBLICATIONS;
    }, 60_000);

    const counts = await crier.store.publications.countByState();
    const posts = x.state.listPosts();
    const postsPerText = new Map<string, number>();
    for (const post of posts) postsPerText.set(post.text, (postsPerText.get(post.text) ?? 0) + 1);
    const duplicates = [...postsPerText.values()].filter((count) => count > 1).length;

    const views = await crier.services.posts.list(workspaceId, Date.now() - 3_600_000, Date.now() + 3_600_000);
    const publications = views.flatMap((post) => post.publications.map((publication) => ({ post, publication })));
    const publishedWithoutPost = publications.filter(
      ({ post, publication }) => publication.state === 'published' && postsPerText.get(post.text) !== 1,
    );
    const lost = publications.filter(({ publication }) => publication.state !== 'published');
    const reconciled = await Promise.all(
      publications.map(({ publication }) => crier?.store.publications.attempts(publication.id) ?? []),
    ).then((all) => all.filter((attempts) => attempts.some((attempt) => attempt.outcome === 'unknown')));

    expect(duplicates).toBe(0);
    expect(lost).toEqual([]);
    expect(publishedWithoutPost).toEqual([]);
    expect(publications).toHaveLength(PUBLICATIONS);
    expect(counts).toEqual({ published: PUBLICATIONS });
    expect(posts).toHaveLength(PUBLICATIONS);
    // what was in flight at the kill went through reconciliation: at most the scheduler's concurrency
    expect(reconciled.length).toBeGreaterThan(0);
    expect(reconciled.length).toBeLessThanOrEqual(16);
  });
});

async function spawnScheduler(input: { dataDir: string; emulatorUrl: string }): Promise<ChildProcess> {
  const processHandle = spawn(process.execPath, ['--import', 'tsx', 'test/support/scheduler-process.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      CRIER_DATA_DIR: input.dataDir,
      CRIER_SECRET_KEY: SECRET_KEY,
      CRIER_SCHEDULER_POLL_MS: '50',
      CRIER_SCHEDULER_CONCURRENCY: '16',
      TEST_X_EMULATOR_URL: input.emulatorUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    processHandle.once('exit', (code) => reject(new Error(`scheduler process exited early (${code})`)));
    processHandle.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return processHandle;
}

async function waitFor(condition: () => boolean | Promise<boolean | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
