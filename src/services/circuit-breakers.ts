import {
  type Admission,
  admit,
  type CircuitPolicy,
  type CircuitState,
  CLOSED,
  cancelProbe,
  DEFAULT_CIRCUIT_POLICY,
  type NetworkSignal,
  record,
} from '../core/circuit-breaker.js';
import type { Clock } from './clock.js';

/**
 * One circuit breaker per network (and environment), kept in this process. Each worker learns on its
 * own that a network is failing; with M workers, a failing network costs at most M × the failure
 * threshold attempts before every worker holds its publications back.
 */
export class CircuitBreakers {
  private readonly circuits = new Map<string, CircuitState>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: CircuitPolicy = DEFAULT_CIRCUIT_POLICY,
  ) {}

  static keyOf(network: string, environment: string): string {
    return `${network}:${environment}`;
  }

  admit(key: string): Admission {
    const admission = admit(this.stateOf(key), this.clock.now(), this.policy);
    this.circuits.set(key, admission.state);
    return admission;
  }

  /** An admitted probe that was not sent after all. */
  cancelProbe(key: string): void {
    this.circuits.set(key, cancelProbe(this.stateOf(key)));
  }

  record(key: string, signal: NetworkSignal): void {
    this.circuits.set(key, record(this.stateOf(key), signal, this.clock.now(), this.policy));
  }

  stateOf(key: string): CircuitState {
    return this.circuits.get(key) ?? CLOSED;
  }
}
