import { CrierError } from './errors.js';

/**
 * A publication is one variant going to one account at one due time.
 * `unknown` means a crash or a timeout left us unsure whether the network accepted it: it is never
 * retried blindly. Where the network lets Crier look, reconciliation claims it again (unknown →
 * publishing), looks for the post first, and publishes only when the network has none; elsewhere a
 * person decides. `awaiting_manual` is where a publication on a network Crier cannot post to (a
 * ManualNetwork) waits at its due time: the attempt is recorded, nothing is sent, and a person posts the
 * prepared bundle by hand, then marks it published (with the link) or cancels it.
 */
export const PUBLICATION_STATES = [
  'draft',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'cancelled',
  'unknown',
  'awaiting_manual',
] as const;

export type PublicationState = (typeof PUBLICATION_STATES)[number];

const TRANSITIONS: Record<PublicationState, readonly PublicationState[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['publishing', 'cancelled', 'draft'],
  // back to scheduled only for a retry of a failure that certainly did not publish
  publishing: ['published', 'failed', 'unknown', 'scheduled', 'awaiting_manual'],
  published: [],
  failed: ['scheduled'],
  cancelled: ['scheduled', 'draft'],
  unknown: ['published', 'failed', 'scheduled', 'publishing'],
  // only a person moves it on: marked posted, or cancelled
  awaiting_manual: ['published', 'cancelled'],
};

export function canTransition(from: PublicationState, to: PublicationState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: PublicationState, to: PublicationState): void {
  if (!canTransition(from, to)) {
    throw new CrierError('conflict', `A publication cannot go from ${from} to ${to}`, { details: { from, to } });
  }
}

export const TERMINAL_STATES: readonly PublicationState[] = ['published', 'cancelled'];

/** Error classes every connector turns a network failure into (see DOMAIN.md). */
export const ERROR_CLASSES = ['invalid_content', 'auth', 'rate_limited', 'transient', 'unknown_outcome'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 10 * 60_000 };

/**
 * Whether a failed attempt may be tried again. Only failures that certainly did not publish qualify:
 * a refused connection, a rate limit, an error answer. An unknown outcome never does.
 */
export function isRetryable(errorClass: ErrorClass): boolean {
  return errorClass === 'transient' || errorClass === 'rate_limited';
}

/**
 * Exponential backoff with full jitter, never sooner than the network asked (`retryAt`).
 * `random` is injected so the rule stays pure and testable.
 */
export function nextAttemptAt(input: {
  now: number;
  attemptNumber: number;
  policy?: RetryPolicy;
  retryAt?: number;
  random?: () => number;
}): number {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  const random = input.random ?? Math.random;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, input.attemptNumber - 1));
  const delay = policy.baseDelayMs / 2 + random() * (ceiling - policy.baseDelayMs / 2);
  const backoffAt = input.now + Math.round(delay);
  return input.retryAt !== undefined ? Math.max(backoffAt, input.retryAt) : backoffAt;
}

/**
 * Reconciling an unknown outcome. `settleMs`: how long to wait before looking, so a request that may
 * still be on its way (or a network still indexing the post) has landed. `extraLookups`: how many
 * looks beyond the retry policy's attempts Crier spends before leaving the question to a person.
 */
export interface ReconcilePolicy {
  settleMs: number;
  extraLookups: number;
}

export const DEFAULT_RECONCILE_POLICY: ReconcilePolicy = { settleMs: 20_000, extraLookups: 5 };

/** A publication that starts this much after its due time is flagged late to the people who scheduled it. */
export const LATE_THRESHOLD_MS = 60_000;
