/**
 * `npm run bench:redirect`: Crier's short-link redirect against a bare node:http server answering a
 * fixed 302, in the same run, with the same load (autocannon in a separate process, the same
 * connections and duration, on 127.0.0.1 only), taking turns over several rounds. Crier runs on SQLite with 100,000 links and every
 * request asks for a different one. Afterwards Crier is stopped gracefully and the click table must
 * hold exactly the human clicks sent; a burst of bot requests must be stored as bots.
 *
 * Prints the figures, then a last line of JSON. Exits non-zero when a target is missed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 4);
/** Bare and Crier take turns, so a burst of other work on the machine weighs on both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_S = 3;
const BOT_REQUESTS = 500;
const TARGET_RATIO = 0.7;
const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const here = import.meta.dirname;
const tsx = ['--import', 'tsx'];

interface LoadResult {
  rps: number;
  p99: number;
  sent: number;
  redirects: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Starts a child and resolves with the first JSON line it prints. */
function start(script: string, args: string[] = []): { child: ChildProcess; ready: Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, [...tsx, path.join(here, 'redirect', script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

/** The next JSON line a child prints (after `ready`). */
function nextLine(child: ChildProcess): Promise<Record<string, unknown>> {
  const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve) => lines.once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>)));
}

async function load(port: number, codesFile: string, seconds: number, userAgent: string, amount?: number) {
  const args = [String(port), codesFile, String(CONNECTIONS), String(seconds), userAgent];
  if (amount) args.push(String(amount));
  const { child, ready } = start('load.ts', args);
  const result = (await ready) as unknown as LoadResult;
  await new Promise((resolve) => child.once('exit', resolve));
  return result;
}

/**
 * The round whose Crier / bare ratio is the median. Each round runs bare then Crier back to back, so
 * its ratio compares the two under the same conditions; the median round ignores a round that other
 * work on the machine disturbed, and its own two figures are the ones reported.
 */
function medianRound(bareRuns: LoadResult[], crierRuns: LoadResult[]): number {
  const order = crierRuns
    .map((run, index) => ({ index, ratio: run.rps / (bareRuns[index] as LoadResult).rps }))
    .sort((a, b) => a.ratio - b.ratio);
  return (order[Math.floor(order.length / 2)] as { index: number }).index;
}

/** Several runs as one: the chosen round's requests per second, the worst p99, everything sent added up. */
function combine(runs: LoadResult[], round: number): LoadResult {
  const sum = (pick: (run: LoadResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    rps: (runs[round] as LoadResult).rps,
    p99: Math.max(...runs.map((run) => run.p99)),
    sent: sum((run) => run.sent),
    redirects: sum((run) => run.redirects),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    non2xx: sum((run) => run.non2xx),
  };
}

const bare = start('bare-server.ts');
const crier = start('crier-server.ts');
try {
  const barePort = (await bare.ready).port as number;
  const crierReady = await crier.ready;
  const crierPort = crierReady.port as number;
  const codesFile = crierReady.codesFile as string;
  process.stdout.write(
    `Crier is serving 100,000 links; ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S} s for each server\n`,
  );

  // warm both up (JIT, caches), then measure each with the same load, in turns
  await load(barePort, codesFile, WARMUP_S, BROWSER_UA);
  const crierWarmup = await load(crierPort, codesFile, WARMUP_S, BROWSER_UA);
  const bareRuns: LoadResult[] = [];
  const crierRuns: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    bareRuns.push(await load(barePort, codesFile, DURATION_S, BROWSER_UA));
    crierRuns.push(await load(crierPort, codesFile, DURATION_S, BROWSER_UA));
  }
  const botRun = await load(crierPort, codesFile, 0, BOT_UA, BOT_REQUESTS);
  const round = medianRound(bareRuns, crierRuns);
  const bareRun = combine(bareRuns, round);
  const crierRun = combine(crierRuns, round);

  const counted = nextLine(crier.child);
  crier.child.kill('SIGTERM');
  const stored = (await counted) as { humanClicks: number; botClicks: number };

  const humanSent = crierWarmup.sent + crierRun.sent;
  for (const [index, run] of crierRuns.entries()) {
    const bareRound = bareRuns[index] as LoadResult;
    process.stdout.write(
      `round ${index + 1}: bare ${bareRound.rps.toFixed(0)} req/s, Crier ${run.rps.toFixed(0)} req/s, ratio ${(run.rps / bareRound.rps).toFixed(3)}${index === round ? ' (median)' : ''}\n`,
    );
  }
  const ratio = crierRun.rps / bareRun.rps;
  const rows = [
    ['', 'requests/s', 'p99 ms', 'sent', '302s', 'errors'],
    [
      'bare node:http',
      bareRun.rps.toFixed(0),
      String(bareRun.p99),
      String(bareRun.sent),
      String(bareRun.redirects),
      String(bareRun.errors),
    ],
    [
      'Crier /l/:code',
      crierRun.rps.toFixed(0),
      String(crierRun.p99),
      String(crierRun.sent),
      String(crierRun.redirects),
      String(crierRun.errors),
    ],
  ];
  for (const row of rows)
    process.stdout.write(
      `${row[0]?.padEnd(16)}${row
        .slice(1)
        .map((cell) => cell.padStart(12))
        .join('')}\n`,
    );
  process.stdout.write(`ratio Crier / bare: ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO})\n`);
  process.stdout.write(
    `human clicks sent (warm-up + run): ${humanSent}, stored as human: ${stored.humanClicks}; bot requests: ${botRun.redirects}, stored as bots: ${stored.botClicks}\n`,
  );
  const summary = {
    bench: 'redirect',
    crier_rps: Math.round(crierRun.rps),
    bare_rps: Math.round(bareRun.rps),
    ratio: Number(ratio.toFixed(3)),
    p99_ms: crierRun.p99,
    clicks_sent: humanSent,
    clicks_recorded: stored.humanClicks,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const ok = ratio >= TARGET_RATIO && stored.humanClicks === humanSent && stored.botClicks === botRun.sent;
  process.exitCode = ok ? 0 : 1;
} finally {
  bare.child.kill('SIGTERM');
  if (crier.child.exitCode === null) crier.child.kill('SIGTERM');
}
