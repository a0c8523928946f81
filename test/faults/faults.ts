/**
 * Fault test (`npm run test:faults`): 1,000 publications on PostgreSQL, published by 3 `crier worker`
 * processes, to two networks: X (the emulator, in its own process, with its fault switches) and
 * Bluesky (a real local PDS behind the sandbox's fault proxy). While they publish, a supervisor
 * injects 429s, 5xx answers, timeouts (before and after the network acted) and expired tokens, and
 * kills workers with SIGKILL at random moments, starting them again under the same name.
 *
 * Then it checks every publication against the networks themselves: each ends published (exactly one
 * post on its network) or failed with a reason (and no post); none published twice, none lost.
 * Prints counts, then one JSON line; exits non-zero on a duplicate, a lost or a wrongly failed one.
 *
 * Environment: FAULTS_POSTGRES_URL (a server where a database of its own is created and dropped;
 * default the test server), FAULTS_PUBLICATIONS (default 1000).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import pg from 'pg';
import pino from 'pino';
import {
  type RunningWorker,
  startEmulatorProcess,
  startWorkerProcess,
  waitUntil,
} from '../../bench/publish/harness.js';
import { startBlueskyFaultProxy } from '../../sandbox/bluesky/fault-proxy.js';
import { startLocalBluesky } from '../../sandbox/bluesky/local-network.js';
import { loadConfig } from '../../src/config/config.js';
import type { Account } from '../../src/core/model.js';
import { createCrier } from '../../src/crier.js';
import { freePort } from '../support/ports.js';
import { blueskyConnectorFor, type WorkerConnectors, xConnectorFor } from '../support/worker-connectors.js';
import { connectXAccount } from '../support/x-sandbox.js';
import { startChaos } from './chaos.js';

const PUBLICATIONS = Number(process.env.FAULTS_PUBLICATIONS ?? 1000);
const ACCOUNTS_PER_NETWORK = 25;
const WORKERS = 3;
const SPREAD_MS = 40_000;
const CHAOS_MS = 50_000;
const SETTLE_TIMEOUT_MS = 180_000;
const CLIENT_ID = 'crier-faults';
const POSTGRES_URL = process.env.FAULTS_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const started = Date.now();
const tag = randomBytes(3).toString('hex');
const databaseName = `crier_faults_${tag}`;
const databaseUrl = Object.assign(new URL(POSTGRES_URL), { pathname: `/${databaseName}` }).toString();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-faults-'));
const secretKey = randomBytes(32).toString('base64');
const port = await freePort();
const log = (line: string) => process.stderr.write(`[faults +${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);

await adminQuery(`create database ${databaseName}`);
const x = await startEmulatorProcess({
  EMULATOR_CLIENT_ID: CLIENT_ID,
  EMULATOR_REDIRECT_URI: `http://localhost:${port}/api/oauth/callback/x`,
  // X's published limit per user: Crier's rate budget keeps to it
  EMULATOR_POST_LIMIT: '100',
});
const bluesky = await startLocalBluesky({ startTimeoutMs: 60_000 });
const blueskyProxy = await startBlueskyFaultProxy(bluesky.pdsUrl);
// Short time limits, so that a timeout costs two seconds, not thirty; the networks' own posting limits.
const connectors: WorkerConnectors = {
  x: { url: x.url, clientId: CLIENT_ID, timeoutMs: 2_000 },
  bluesky: { service: blueskyProxy.url, timeoutMs: 2_000 },
};
const workerEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  CRIER_SECRET_KEY: secretKey,
  CRIER_PUBLISH_LEASE_MS: '8000',
  CRIER_RECONCILE_DELAY_MS: '1500',
  LOG_LEVEL: 'error',
  WORKER_CONNECTORS: JSON.stringify(connectors),
};
const workers: Array<RunningWorker | undefined> = [];
const startWorker = (slot: number) => startWorkerProcess({ ...workerEnv, CRIER_WORKER_ID: `fault-worker-${slot + 1}` });

// The API process: schedules, never publishes.
const base = loadConfig({
  PORT: String(port),
  CRIER_DATA_DIR: dataDir,
  CRIER_SANDBOX: 'false',
  CRIER_SECRET_KEY: secretKey,
  CRIER_SCHEDULER: 'false',
  LOG_LEVEL: 'error',
});
const crier = await createCrier({
  config: { ...base, database: { kind: 'postgres', url: databaseUrl } },
  connectors: [xConnectorFor(connectors.x ?? fail()), blueskyConnectorFor(connectors.bluesky ?? fail())],
  logger: pino({ level: 'error' }),
});
await crier.start();

let exitCode = 1;
try {
  const grant = await crier.services.auth.setupOwner({
    name: 'Faults',
    email: 'faults@example.test',
    password: 'a long enough password',
    workspaceName: 'Faults',
    timeZone: 'UTC',
  });
  const [membership] = await crier.services.auth.memberships(grant.user.id);
  const workspaceId = membership?.workspace.id ?? fail();
  const accounts: Account[] = [];
  for (let index = 0; index < ACCOUNTS_PER_NETWORK; index += 1) {
    accounts.push(
      await connectXAccount({
        accounts: crier.services.accounts,
        workspaceId,
        userId: grant.user.id,
        username: `faults_x_${index}`,
      }),
    );
    const created = await bluesky.createAccount(`faults-${tag}-${index}.test`);
    accounts.push(
      await crier.services.accounts.connectWithPassword({
        workspaceId,
        network: 'bluesky',
        environment: 'sandbox',
        service: blueskyProxy.url,
        identifier: created.handle,
        password: created.password,
      }),
    );
  }
  log(`${accounts.length} accounts connected (X emulator, local Bluesky PDS behind the fault proxy)`);

  const firstDue = Date.now() + 12_000;
  const texts = new Map<string, { text: string; account: Account }>();
  for (let index = 0; index < PUBLICATIONS; index += 1) {
    const account = accounts[index % accounts.length] ?? fail();
    const text = `Fault run ${tag}, message ${index}`;
    const post = await crier.services.posts.create(workspaceId, grant.user.id, {
      text,
      mediaIds: [],
      accountIds: [account.id],
      variants: [],
      scheduledAt: new Date(firstDue + Math.floor((index * SPREAD_MS) / PUBLICATIONS)).toISOString(),
      timeZone: 'UTC',
      trackLinks: false,
    });
    for (const publication of post.publications) texts.set(publication.id, { text, account });
  }
  log(`${texts.size} publications scheduled over ${SPREAD_MS / 1000} s`);

  for (let slot = 0; slot < WORKERS; slot += 1) workers[slot] = await startWorker(slot);
  const chaos = startChaos({ workers, startWorker, xUrl: x.url, bluesky: blueskyProxy });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDue + CHAOS_MS - Date.now())));
  await chaos.stop();
  log(
    `chaos over: ${chaos.kills} kills, faults ${JSON.stringify(chaos.faults)}; waiting for every publication to settle`,
  );

  const settled = await waitUntil(
    async () => {
      const counts = await crier.store.publications.countByState();
      return !counts.scheduled && !counts.publishing && !counts.unknown;
    },
    SETTLE_TIMEOUT_MS,
    1_000,
  );
  const states = await crier.store.publications.countByState();
  log(`${settled ? 'settled' : 'NOT settled'}: ${JSON.stringify(states)}`);
  for (const worker of workers) await worker?.stop();

  const onNetwork = await postsOnNetworks(accounts, x.posts, bluesky.pdsUrl);
  let published = 0;
  let failed = 0;
  let lost = 0;
  let wronglyFailed = 0;
  let failedWithoutReason = 0;
  const reasons = new Map<string, number>();
  for (const [publicationId, { text, account }] of texts) {
    const publication = await crier.store.publications.findById(publicationId);
    const posts = onNetwork.get(`${account.network}|${account.handle}|${text}`) ?? 0;
    if (publication?.state === 'published' && posts > 0) published += 1;
    else if (publication?.state === 'failed') {
      failed += 1;
      if (posts > 0) {
        wronglyFailed += 1;
        const attempts = await crier.store.publications.attempts(publicationId);
        log(`failed but on ${account.network}: ${publicationId} ${JSON.stringify(publication.failure)}`);
        for (const attempt of attempts) log(`  attempt ${JSON.stringify(attempt)}`);
      }
      if (!publication.failure?.message) failedWithoutReason += 1;
      const reason = `${publication.failure?.errorClass}: ${publication.failure?.message.slice(0, 90)}`;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    } else lost += 1;
  }
  const duplicates = [...onNetwork.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);

  process.stdout.write(`\nfault test: ${texts.size} publications, 2 networks (X, Bluesky), ${WORKERS} workers\n`);
  process.stdout.write(
    `  published ${published}, failed with a reason ${failed}, lost ${lost}, duplicates ${duplicates}\n`,
  );
  process.stdout.write(`  kill -9: ${chaos.kills}; faults injected: ${JSON.stringify(chaos.faults)}\n`);
  process.stdout.write(
    `  failed but on the network: ${wronglyFailed}; failed without a reason: ${failedWithoutReason}\n`,
  );
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    process.stdout.write(`  failure ×${count}: ${reason}\n`);
  }
  process.stdout.write(`  took ${Math.round((Date.now() - started) / 1000)} s\n`);
  process.stdout.write(
    `${JSON.stringify({ test: 'faults', publications: texts.size, published, failed, duplicates, lost, kills: chaos.kills })}\n`,
  );
  exitCode = duplicates === 0 && lost === 0 && wronglyFailed === 0 && failedWithoutReason === 0 ? 0 : 1;
} finally {
  for (const worker of workers) {
    await worker?.stop().catch((error: unknown) => log(`a worker did not stop cleanly: ${String(error)}`));
  }
  await crier.close();
  await blueskyProxy.close();
  await bluesky.close();
  await x.stop();
  await adminQuery(`drop database if exists ${databaseName} with (force)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

/** How many posts each (network, account, text) has on the networks themselves. */
async function postsOnNetworks(
  accounts: Account[],
  xPosts: () => Promise<Array<{ text: string; username?: string }>>,
  pdsUrl: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const post of await xPosts()) add(`x|${post.username}|${post.text}`);
  const reader = new AtpAgent({ service: pdsUrl });
  for (const account of accounts.filter((candidate) => candidate.network === 'bluesky')) {
    let cursor: string | undefined;
    do {
      const { data } = await reader.com.atproto.repo.listRecords({
        repo: account.remoteId,
        collection: 'app.bsky.feed.post',
        limit: 100,
        cursor,
      });
      for (const record of data.records) add(`bluesky|${account.handle}|${(record.value as { text: string }).text}`);
      cursor = data.records.length === 100 ? data.cursor : undefined;
    } while (cursor);
  }
  return counts;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function fail(): never {
  throw new Error('the fault test set itself up wrongly');
}
