/**
 * Publishing benchmark: is a post due at T handed to its network within a second of T, with 10,000
 * due in one minute and a launch spike on top?
 *
 * Per mode, against an X emulator in its own process (zero added latency, generous rate limits, the
 * real connector over real HTTP on 127.0.0.1):
 *   - 10,000 publications due evenly over one minute (one every 6 ms), 100 accounts;
 *   - a spike of 1,000 due at the same millisecond, 30 s into that minute (100 posts × 10 accounts).
 * Modes: `sqlite` (embedded scheduler, one process) and `postgres` (an API process that schedules,
 * two `crier worker` processes that publish). Lateness = start of the connector's publish call − due
 * time. Prints figures, then one JSON line per mode.
 *
 * Environment: BENCH_MODES (default `sqlite,postgres`), BENCH_POSTGRES_URL (a server where a database
 * of its own is created for the run, and dropped; default the test server), BENCH_CONCURRENCY (CRIER_SCHEDULER_CONCURRENCY of each process; Crier's default when unset), BENCH_SCALE (a fraction of
 * the publications, for quick looks; the benchmark is 1), BENCH_KEEP_DATABASE (keep the PostgreSQL database
 * of the run, to look into it), BENCH_DUMP (a file to write every due time and publish call to).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config/config.js';
import type { Connector } from '../src/connectors/kit/connector.js';
import { createXConnector } from '../src/connectors/x/x.connector.js';
import type { Account } from '../src/core/model.js';
import { type Crier, createCrier } from '../src/crier.js';
import { freePort } from '../test/support/ports.js';
import { connectXAccount } from '../test/support/x-sandbox.js';
import {
  inParallel,
  percentile,
  type RunningWorker,
  startEmulatorProcess,
  startWorkerProcess,
  waitUntil,
} from './publish/harness.js';
import { type PublishCall, recordingConnector } from './publish/recording-connector.js';

/** For quick looks while working on it (0.1 = a tenth of the publications); the benchmark itself is 1. */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const EVEN = Math.round(10_000 * SCALE);
const SPIKE_POSTS = Math.round(100 * SCALE);
const SPIKE_ACCOUNTS_PER_POST = 10;
const ACCOUNTS = 100;
const MINUTE = 60_000;
/** Time to schedule every publication before the first one is due (the API's own pace, not measured). */
const SEEDING_LEAD_MS = { sqlite: 45_000, postgres: 120_000 };
const SPIKE_OFFSET_MS = 30_000;
const CLIENT_ID = 'crier-bench';
const GENEROUS = { limit: 10_000_000, windowMs: 15 * 60_000 };
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Crier's own default unless set. */
const CONCURRENCY = process.env.BENCH_CONCURRENCY;
const MODES = (process.env.BENCH_MODES ?? 'sqlite,postgres').split(',').map((mode) => mode.trim());

interface Planned {
  text: string;
  accountIds: string[];
  dueAt: number;
  spike: boolean;
}

interface Scheduled {
  dueAt: number;
  spike: boolean;
  /** Author and text: how the post is found among the network's posts. */
  networkKey: string;
}

interface ModeResult {
  mode: string;
  posts: number;
  lateness: number[];
  /** p99 lateness of the publications due in each 10 s of the minute. */
  p99ByTenSeconds: number[];
  spikeLateness: number[];
  throughputPerS: number;
  spikeDrainPerS: number;
  duplicates: number;
  lost: number;
  seedingMs: number;
}

function xConnector(url: string): Connector {
  return createXConnector({
    environment: 'sandbox',
    clientId: CLIENT_ID,
    apiBaseUrl: url,
    authorizeUrl: `${url}/i/oauth2/authorize`,
    webUrl: url,
    publishLimits: { perAccount: GENEROUS, perApp: GENEROUS },
  });
}

function plan(accounts: Account[], t0: number, tag: string): Planned[] {
  const planned: Planned[] = [];
  for (let index = 0; index < EVEN; index += 1) {
    const account = accounts[index % accounts.length] as Account;
    planned.push({
      text: `Bench ${tag}: message ${index}`,
      accountIds: [account.id],
      dueAt: t0 + Math.floor((index * MINUTE) / EVEN),
      spike: false,
    });
  }
  for (let index = 0; index < SPIKE_POSTS; index += 1) {
    const group = accounts.slice(
      (index * SPIKE_ACCOUNTS_PER_POST) % accounts.length,
      ((index * SPIKE_ACCOUNTS_PER_POST) % accounts.length) + SPIKE_ACCOUNTS_PER_POST,
    );
    planned.push({
      text: `Bench ${tag}: launch ${index}`,
      accountIds: group.map((account) => account.id),
      dueAt: t0 + SPIKE_OFFSET_MS,
      spike: true,
    });
  }
  return planned;
}

async function runMode(mode: string): Promise<ModeResult> {
  const tag = randomBytes(3).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `crier-bench-${mode}-`));
  const secretKey = randomBytes(32).toString('base64');
  const port = await freePort();
  const emulator = await startEmulatorProcess({
    EMULATOR_CLIENT_ID: CLIENT_ID,
    EMULATOR_REDIRECT_URI: `http://localhost:${port}/api/oauth/callback/x`,
  });
  const calls: PublishCall[] = [];
  // A database of its own: graphile-worker stops its workers when another process installs it anywhere
  // in the same database, and tests do that all the time.
  const databaseUrl = databaseUrlFor(`crier_bench_${tag}`);
  const workers: RunningWorker[] = [];
  let crier: Crier | undefined;
  try {
    const base = loadConfig({
      PORT: String(port),
      CRIER_DATA_DIR: dataDir,
      CRIER_SANDBOX: 'false',
      CRIER_SECRET_KEY: secretKey,
      CRIER_SCHEDULER_CONCURRENCY: CONCURRENCY,
      LOG_LEVEL: 'warn',
    });
    if (mode === 'postgres') await adminQuery(`create database crier_bench_${tag}`);
    const config =
      mode === 'postgres'
        ? {
            ...base,
            database: { kind: 'postgres' as const, url: databaseUrl },
            // the API process only schedules; the workers publish
            scheduler: { ...base.scheduler, enabled: false },
          }
        : base;
    const connector = xConnector(emulator.url);
    crier = await createCrier({
      config,
      connectors: [mode === 'sqlite' ? recordingConnector(connector, (call) => calls.push(call)) : connector],
      logger: pino({ level: 'warn' }),
    });
    await crier.start();

    const grant = await crier.services.auth.setupOwner({
      name: 'Bench',
      email: 'bench@example.test',
      password: 'a long enough password',
      workspaceName: 'Bench',
      timeZone: 'UTC',
    });
    const [membership] = await crier.services.auth.memberships(grant.user.id);
    const workspaceId = membership?.workspace.id ?? '';
    const accounts: Account[] = [];
    for (let index = 0; index < ACCOUNTS; index += 1) {
      accounts.push(
        await connectXAccount({
          accounts: crier.services.accounts,
          workspaceId,
          userId: grant.user.id,
          username: `bench_${index}`,
        }),
      );
    }

    // Everything is scheduled well before the minute starts; seeding must not overlap publishing.
    const t0 = Date.now() + SEEDING_LEAD_MS[mode === 'postgres' ? 'postgres' : 'sqlite'];
    const planned = plan(accounts, t0, tag);
    const seedingStarted = Date.now();
    const handles = new Map(accounts.map((account) => [account.id, account.handle]));
    const dueOf = new Map<string, Scheduled>();
    await inParallel(planned, 8, async (item) => {
      const post = await crier?.services.posts.create(workspaceId, grant.user.id, {
        text: item.text,
        mediaIds: [],
        accountIds: item.accountIds,
        variants: [],
        scheduledAt: new Date(item.dueAt).toISOString(),
        timeZone: 'UTC',
        trackLinks: false,
      });
      for (const publication of post?.publications ?? []) {
        dueOf.set(publication.id, {
          dueAt: item.dueAt,
          spike: item.spike,
          networkKey: `${handles.get(publication.accountId)}|${item.text}`,
        });
      }
    });
    const seedingMs = Date.now() - seedingStarted;
    // The workers start once everything is scheduled, so scheduling does not compete with them.
    if (mode === 'postgres') {
      for (let index = 0; index < 2; index += 1) {
        workers.push(
          await startWorkerProcess({
            ...process.env,
            DATABASE_URL: databaseUrl,
            CRIER_SECRET_KEY: secretKey,
            CRIER_WORKER_ID: `bench-worker-${index + 1}`,
            CRIER_SCHEDULER_CONCURRENCY: CONCURRENCY,
            LOG_LEVEL: 'warn',
            WORKER_CONNECTORS: JSON.stringify({
              x: { url: emulator.url, clientId: CLIENT_ID, timeoutMs: 30_000, perAccount: GENEROUS, perApp: GENEROUS },
            }),
          }),
        );
      }
    }

    if (Date.now() > t0 - 2_000) throw new Error(`seeding took ${seedingMs} ms and ran into the measured minute`);
    process.stderr.write(`[${mode}] ${dueOf.size} publications scheduled in ${seedingMs} ms; the minute starts soon\n`);

    const settled = await waitUntil(
      async () => {
        const counts = (await crier?.store.publications.countByState()) ?? {};
        return !counts.scheduled && !counts.publishing && !counts.unknown;
      },
      t0 + MINUTE + 60_000 - Date.now(),
    );
    if (!settled) {
      const counts = await crier.store.publications.countByState();
      process.stderr.write(`[${mode}] not settled a minute after the last due time: ${JSON.stringify(counts)}\n`);
    }
    for (const worker of workers) await worker.stop();
    for (const worker of workers) calls.push(...worker.calls);

    if (process.env.BENCH_DUMP) {
      fs.writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ t0, due: [...dueOf], calls }));
    }
    return await measure(mode, crier, dueOf, calls, await emulator.posts(), seedingMs, t0);
  } finally {
    for (const worker of workers) await worker.stop();
    await crier?.close();
    await emulator.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (mode === 'postgres' && !process.env.BENCH_KEEP_DATABASE) {
      await adminQuery(`drop database if exists crier_bench_${tag} with (force)`);
    }
  }
}

async function measure(
  mode: string,
  crier: Crier,
  dueOf: Map<string, Scheduled>,
  calls: PublishCall[],
  networkPosts: Array<{ text: string; username?: string }>,
  seedingMs: number,
  t0: number,
): Promise<ModeResult> {
  const firstCall = new Map<string, number>();
  for (const call of calls) {
    const seen = firstCall.get(call.publicationId);
    if (seen === undefined || call.startedAt < seen) firstCall.set(call.publicationId, call.startedAt);
  }
  const lateness: number[] = [];
  const spikeLateness: number[] = [];
  const slices: number[][] = Array.from({ length: 6 }, () => []);
  for (const [publicationId, { dueAt, spike }] of dueOf) {
    const startedAt = firstCall.get(publicationId);
    if (startedAt === undefined) continue;
    lateness.push(startedAt - dueAt);
    if (spike) spikeLateness.push(startedAt - dueAt);
    else {
      const slice = Math.min(5, Math.max(0, Math.floor((dueAt - t0) / 10_000)));
      slices[slice]?.push(startedAt - dueAt);
    }
  }
  lateness.sort((a, b) => a - b);
  spikeLateness.sort((a, b) => a - b);

  const onNetwork = new Map<string, number>();
  for (const post of networkPosts) {
    const key = `${post.username}|${post.text}`;
    onNetwork.set(key, (onNetwork.get(key) ?? 0) + 1);
  }
  let lost = 0;
  let published = 0;
  let lastPublishedAt = 0;
  let spikeLastPublishedAt = 0;
  await inParallel([...dueOf.entries()], 16, async ([publicationId, scheduled]) => {
    const publication = await crier.store.publications.findById(publicationId);
    if (publication?.state !== 'published' || !onNetwork.has(scheduled.networkKey)) {
      lost += 1;
      return;
    }
    published += 1;
    lastPublishedAt = Math.max(lastPublishedAt, publication.publishedAt ?? 0);
    if (scheduled.spike) spikeLastPublishedAt = Math.max(spikeLastPublishedAt, publication.publishedAt ?? 0);
  });
  const duplicates = [...onNetwork.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  const firstStart = Math.min(...firstCall.values());
  const spikeCount = [...dueOf.values()].filter((scheduled) => scheduled.spike).length;
  return {
    mode,
    posts: dueOf.size,
    lateness,
    p99ByTenSeconds: slices.map((slice) =>
      percentile(
        [...slice].sort((a, b) => a - b),
        0.99,
      ),
    ),
    spikeLateness,
    throughputPerS: published / ((lastPublishedAt - firstStart) / 1000),
    spikeDrainPerS: spikeCount / ((spikeLastPublishedAt - (t0 + SPIKE_OFFSET_MS)) / 1000),
    duplicates,
    lost,
    seedingMs,
  };
}

function databaseUrlFor(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
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

function report(result: ModeResult): void {
  const { lateness, spikeLateness } = result;
  const line = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(30)} ${value}\n`);
  process.stdout.write(`\npublish benchmark, ${result.mode}\n`);
  line('publications', String(result.posts));
  line('scheduled in (before the minute)', `${result.seedingMs} ms`);
  line(
    'lateness p50 / p90 / p99 / max',
    `${percentile(lateness, 0.5)} / ${percentile(lateness, 0.9)} / ${percentile(lateness, 0.99)} / ${lateness.at(-1)} ms`,
  );
  line(
    'spike lateness p50 / p99 / max',
    `${percentile(spikeLateness, 0.5)} / ${percentile(spikeLateness, 0.99)} / ${spikeLateness.at(-1)} ms`,
  );
  line('earliest start vs due', `${lateness[0]} ms`);
  line('p99 per 10 s of the minute', `${result.p99ByTenSeconds.join(' / ')} ms`);
  line('throughput (published / s)', result.throughputPerS.toFixed(1));
  line('spike drained at', `${result.spikeDrainPerS.toFixed(1)} publications / s`);
  line('duplicates / lost', `${result.duplicates} / ${result.lost}`);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'publish',
      mode: result.mode,
      posts: result.posts,
      p50_lateness_ms: percentile(lateness, 0.5),
      p99_lateness_ms: percentile(lateness, 0.99),
      spike_p99_lateness_ms: percentile(spikeLateness, 0.99),
      throughput_per_s: Math.round(result.throughputPerS * 10) / 10,
      duplicates: result.duplicates,
      lost: result.lost,
    })}\n`,
  );
}

let failed = false;
for (const mode of MODES) {
  const result = await runMode(mode);
  report(result);
  const p99 = percentile(result.lateness, 0.99);
  const spikeP99 = percentile(result.spikeLateness, 0.99);
  if (result.duplicates > 0 || result.lost > 0 || p99 > 1000 || spikeP99 > 1000) failed = true;
}
process.exit(failed ? 1 : 0);
