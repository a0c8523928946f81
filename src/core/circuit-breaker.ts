import type { ErrorClass } from './publication.js';

/**
 * A circuit breaker per network. When a network keeps failing (errors, timeouts, no answer), sending
 * more posts only burns their retries and piles load on a network that is already down. After
 * `failureThreshold` failures in a row the circuit opens: publications for that network wait, without
 * spending an attempt, until the circuit lets one probe through. A probe that succeeds closes the
 * circuit; one that fails opens it again for twice as long, up to `maxOpenMs`.
 */

export interface CircuitPolicy {
  failureThreshold: number;
  openMs: number;
  maxOpenMs: number;
  /** A probe that has not reported back after this long no longer blocks the next one. */
  probeTimeoutMs: number;
}

export const DEFAULT_CIRCUIT_POLICY: CircuitPolicy = {
  failureThreshold: 5,
  openMs: 30_000,
  maxOpenMs: 5 * 60_000,
  probeTimeoutMs: 60_000,
};

export type CircuitState =
  | { kind: 'closed'; consecutiveFailures: number }
  | { kind: 'open'; until: number; openMs: number }
  | { kind: 'half_open'; openMs: number; probeStartedAt: number | null };

export const CLOSED: CircuitState = { kind: 'closed', consecutiveFailures: 0 };

/** What one attempt says about the network's health. Rate limits and refused content say nothing. */
export type NetworkSignal = 'success' | 'failure' | 'neutral';

export function signalOf(outcome: { published: true } | { errorClass: ErrorClass }): NetworkSignal {
  if ('published' in outcome) return 'success';
  return outcome.errorClass === 'transient' || outcome.errorClass === 'unknown_outcome' ? 'failure' : 'neutral';
}

export type Admission =
  | { allowed: true; probe: boolean; state: CircuitState }
  | { allowed: false; retryAt: number; state: CircuitState };

/** May a publication go to this network now? A half-open circuit lets exactly one probe through. */
export function admit(state: CircuitState, now: number, policy: CircuitPolicy = DEFAULT_CIRCUIT_POLICY): Admission {
  if (state.kind === 'closed') return { allowed: true, probe: false, state };
  if (state.kind === 'open') {
    if (now < state.until) return { allowed: false, retryAt: state.until, state };
    return admit({ kind: 'half_open', openMs: state.openMs, probeStartedAt: null }, now, policy);
  }
  const probeRunning = state.probeStartedAt !== null && now - state.probeStartedAt < policy.probeTimeoutMs;
  if (probeRunning) {
    // Others wait a little: the probe's answer comes within one call's time.
    return { allowed: false, retryAt: now + Math.min(policy.openMs, 5_000), state };
  }
  return { allowed: true, probe: true, state: { ...state, probeStartedAt: now } };
}

/** A probe that was admitted but never sent (its post had to wait for its rate budget). */
export function cancelProbe(state: CircuitState): CircuitState {
  return state.kind === 'half_open' ? { ...state, probeStartedAt: null } : state;
}

export function record(
  state: CircuitState,
  signal: NetworkSignal,
  now: number,
  policy: CircuitPolicy = DEFAULT_CIRCUIT_POLICY,
): CircuitState {
  if (signal === 'neutral') return state.kind === 'half_open' ? cancelProbe(state) : state;
  if (signal === 'success') return CLOSED;
  if (state.kind === 'half_open') {
    const openMs = Math.min(policy.maxOpenMs, state.openMs * 2);
    return { kind: 'open', until: now + openMs, openMs };
  }
  if (state.kind === 'open') return state;
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (consecutiveFailures < policy.failureThreshold) return { kind: 'closed', consecutiveFailures };
  return { kind: 'open', until: now + policy.openMs, openMs: policy.openMs };
}
