import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { PublishCall } from './recording-connector.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Runs a TypeScript entry in a child process with an IPC channel. BENCH_CHILD_NODE_ARGS adds Node
 * options to the children (`--cpu-prof --cpu-prof-dir=/tmp/prof`, say, which NODE_OPTIONS refuses).
 */
export function forkTs(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const extra = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return fork(path.join(ROOT, entry), [], {
    cwd: ROOT,
    env,
    execArgv: ['--import', 'tsx', ...extra],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Resolves with the first IPC message the child sends that `accept` takes; fails if the child exits first. */
export function nextMessage<T>(child: ChildProcess, accept: (message: unknown) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const taken = accept(message);
      if (taken === undefined) return;
      cleanup();
      resolve(taken);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child process exited early (${code})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export interface RunningEmulator {
  url: string;
  /** Every post the emulator holds, with its author's username. */
  posts(): Promise<Array<{ id: string; text: string; username?: string }>>;
  stop(): Promise<void>;
}

/** An X emulator in its own process (bench/publish/x-emulator-process.ts). */
export async function startEmulatorProcess(env: Record<string, string>): Promise<RunningEmulator> {
  const child = forkTs('bench/publish/x-emulator-process.ts', { ...process.env, ...env });
  const url = await nextMessage(child, (message) => (message as { url?: string }).url);
  return {
    url,
    async posts() {
      const answer = await fetch(`${url}/_emulator/posts`);
      return ((await answer.json()) as { posts: Array<{ id: string; text: string; username?: string }> }).posts;
    },
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

export interface RunningWorker {
  child: ChildProcess;
  calls: PublishCall[];
  /** Asks the worker to finish what is in flight and stop, then waits for it. */
  stop(): Promise<void>;
}

/** A `crier worker` process (test/support/worker-process.ts) that reports its publish calls. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<RunningWorker> {
  const child = forkTs('test/support/worker-process.ts', env);
  const calls: PublishCall[] = [];
  child.on('message', (message: unknown) => {
    const report = message as { type?: string; calls?: PublishCall[] };
    if (report.type === 'calls' && report.calls) calls.push(...report.calls);
  });
  await nextMessage(child, (message) => ((message as { type?: string }).type === 'ready' ? true : undefined));
  return {
    child,
    calls,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, pollMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return condition();
}

/** Runs `work` over `items` with at most `parallel` at once. */
export async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(lanes);
}
