import { type RunningWorker, stopChild } from '../../bench/publish/harness.js';
import type { BlueskyFaultProxy, BlueskyFaultSpec } from '../../sandbox/bluesky/fault-proxy.js';

/**
 * The fault test's supervisor: kills worker processes with SIGKILL at random moments and starts them
 * again under the same name (as systemd or Kubernetes would), and keeps injecting failures into the
 * networks: 429s with reset headers, 5xx answers, timeouts before and after the network acted, and
 * expired tokens.
 */

export interface Chaos {
  kills: number;
  faults: Record<string, number>;
  /** Stops killing and injecting; resolves once every worker is running again. */
  stop(): Promise<void>;
}

export interface ChaosTargets {
  workers: Array<RunningWorker | undefined>;
  startWorker(slot: number): Promise<RunningWorker>;
  /** The X emulator's control address (`POST /_emulator/faults`). */
  xUrl: string;
  bluesky: BlueskyFaultProxy;
}

const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

const X_FAULTS = [
  () => ({
    kind: 'rate_limit',
    path: '/2/tweets',
    method: 'POST',
    count: between(1, 3),
    resetInSeconds: between(1, 4),
  }),
  () => ({
    kind: 'server_error',
    status: pick([500, 502, 503]),
    path: '/2/tweets',
    method: 'POST',
    count: between(1, 3),
  }),
  () => ({ kind: 'timeout', path: '/2/tweets', method: 'POST', afterProcessing: Math.random() < 0.5 }),
  () => ({ kind: 'server_error', status: 503, path: '/2/users/*/tweets', count: 1 }),
  () => ({ kind: 'unauthorized', path: '/2/tweets', method: 'POST' }),
] as const;

const BLUESKY_FAULTS: Array<() => BlueskyFaultSpec> = [
  () => ({
    kind: 'rate_limit',
    method: 'com.atproto.repo.createRecord',
    count: between(1, 3),
    resetInSeconds: between(1, 4),
  }),
  () => ({
    kind: 'server_error',
    status: pick([500, 502, 503] as const),
    method: 'com.atproto.repo.createRecord',
    count: between(1, 3),
  }),
  () => ({ kind: 'timeout', method: 'com.atproto.repo.createRecord', afterProcessing: Math.random() < 0.5 }),
  () => ({ kind: 'server_error', status: 503, method: 'com.atproto.repo.getRecord' }),
  () => ({ kind: 'expired_token', method: 'com.atproto.repo.createRecord', count: between(1, 3) }),
];

export function startChaos(targets: ChaosTargets): Chaos {
  const chaos = { kills: 0, faults: {} as Record<string, number> };
  let running = true;
  const restarting = new Set<Promise<void>>();
  const count = (name: string) => {
    chaos.faults[name] = (chaos.faults[name] ?? 0) + 1;
  };

  const killer = (async () => {
    while (running) {
      await sleep(between(1_500, 4_000));
      if (!running) break;
      const slot = between(0, targets.workers.length - 1);
      const victim = targets.workers[slot];
      if (!victim) continue;
      targets.workers[slot] = undefined;
      await stopChild(victim.child, 'SIGKILL');
      chaos.kills += 1;
      const restart = (async () => {
        await sleep(between(300, 1_500));
        targets.workers[slot] = await targets.startWorker(slot);
      })();
      restarting.add(restart);
      void restart.finally(() => restarting.delete(restart));
    }
  })();

  const injector = (async () => {
    let round = 0;
    while (running) {
      await sleep(between(150, 450));
      round += 1;
      if (round % 40 === 0) {
        await xControl(targets.xUrl, { kind: 'expire_tokens' });
        count('x:expire_tokens');
        continue;
      }
      if (Math.random() < 0.5) {
        const spec = pick(X_FAULTS)();
        await xControl(targets.xUrl, spec);
        count(`x:${spec.kind}`);
      } else {
        const spec = pick(BLUESKY_FAULTS)();
        targets.bluesky.inject(spec);
        count(`bluesky:${spec.kind}`);
      }
    }
  })();

  return {
    get kills() {
      return chaos.kills;
    },
    faults: chaos.faults,
    async stop() {
      running = false;
      await Promise.all([killer, injector]);
      await Promise.all([...restarting]);
      await xControl(targets.xUrl, undefined);
      targets.bluesky.clear();
    },
  };
}

/** Injects one X fault, or clears them all (`undefined`). */
async function xControl(xUrl: string, spec: object | undefined): Promise<void> {
  const answer = await fetch(`${xUrl}/_emulator/faults`, {
    method: spec ? 'POST' : 'DELETE',
    headers: spec ? { 'content-type': 'application/json' } : {},
    body: spec ? JSON.stringify(spec) : undefined,
  });
  if (!answer.ok) throw new Error(`the X emulator refused a fault: ${answer.status} ${await answer.text()}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
