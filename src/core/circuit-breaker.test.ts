import { describe, expect, it } from 'vitest';
import { admit, type CircuitPolicy, type CircuitState, CLOSED, record, signalOf } from './circuit-breaker.js';

const POLICY: CircuitPolicy = { failureThreshold: 3, openMs: 10_000, maxOpenMs: 30_000, probeTimeoutMs: 20_000 };

function failTimes(state: CircuitState, times: number, now: number): CircuitState {
  let current = state;
  for (let index = 0; index < times; index += 1) current = record(current, 'failure', now, POLICY);
  return current;
}

describe('circuit breaker', () => {
  it('opens after consecutive failures, and a success in between starts the count again', () => {
    const twice = failTimes(CLOSED, 2, 0);
    expect(twice).toEqual({ kind: 'closed', consecutiveFailures: 2 });
    expect(failTimes(record(twice, 'success', 0, POLICY), 2, 0).kind).toBe('closed');
    expect(failTimes(twice, 1, 5)).toEqual({ kind: 'open', until: 10_005, openMs: 10_000 });
  });

  it('holds publications back while open, then lets one probe through', () => {
    const open = failTimes(CLOSED, 3, 0);
    expect(admit(open, 9_999, POLICY)).toMatchObject({ allowed: false, retryAt: 10_000 });
    const probe = admit(open, 10_000, POLICY);
    expect(probe).toMatchObject({ allowed: true, probe: true });
    const second = admit(probe.state, 10_001, POLICY);
    expect(second.allowed).toBe(false);
  });

  it('closes when the probe succeeds, and opens for twice as long when it fails', () => {
    const probing = admit(failTimes(CLOSED, 3, 0), 10_000, POLICY).state;
    expect(record(probing, 'success', 10_500, POLICY)).toEqual(CLOSED);
    expect(record(probing, 'failure', 10_500, POLICY)).toEqual({ kind: 'open', until: 30_500, openMs: 20_000 });
    const longest = record({ kind: 'half_open', openMs: 20_000, probeStartedAt: 1 }, 'failure', 0, POLICY);
    expect(longest).toMatchObject({ openMs: 30_000 });
  });

  it('counts errors and silences as failures, but not refusals or rate limits', () => {
    expect(signalOf({ errorClass: 'transient' })).toBe('failure');
    expect(signalOf({ errorClass: 'unknown_outcome' })).toBe('failure');
    expect(signalOf({ errorClass: 'rate_limited' })).toBe('neutral');
    expect(signalOf({ errorClass: 'invalid_content' })).toBe('neutral');
    expect(signalOf({ errorClass: 'auth' })).toBe('neutral');
    expect(signalOf({ published: true })).toBe('success');
  });
});
