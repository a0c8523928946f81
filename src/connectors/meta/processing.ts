import { setTimeout as sleep } from 'node:timers/promises';

/** How long to wait for Meta to process uploaded media, and how often to look. */
export interface ProcessingWait {
  pollIntervalMs: number;
  maxWaitMs: number;
}

/** Meta suggests looking about once a minute for no more than five minutes; Crier looks more often. */
export const DEFAULT_PROCESSING_WAIT: ProcessingWait = { pollIntervalMs: 3000, maxWaitMs: 5 * 60_000 };

export type PollOutcome<T> = { done: true; value: T } | { done: false; state: string };

/**
 * Polls until `look` says done, or the wait is over. Never waits forever: a stuck job ends as the
 * `timedOut` answer (the last state seen), which the caller turns into a clear failure.
 */
export async function pollUntilDone<T>(
  wait: ProcessingWait,
  now: () => number,
  look: () => Promise<PollOutcome<T>>,
): Promise<{ value: T } | { timedOut: true; lastState: string }> {
  const deadline = now() + wait.maxWaitMs;
  for (;;) {
    const outcome = await look();
    if (outcome.done) return { value: outcome.value };
    if (now() + wait.pollIntervalMs > deadline) return { timedOut: true, lastState: outcome.state };
    await sleep(wait.pollIntervalMs);
  }
}
