import { type FaultScope, matchesPathPattern } from '../x/faults.js';

export type { FaultScope } from '../x/faults.js';

export type ThrottleCode = 4 | 17 | 32 | 80001 | 80002;

/**
 * A failure for the next `count` matching Graph requests (default 1). Paths leave the version out, and
 * a star stands for one segment (an id). A throttle's `code` defaults to the object's own: 80001 Pages, 80002 Instagram, 4 otherwise.
 * A timeout never answers; with `afterProcessing` the request takes effect and only the answer is lost.
 */
export type MetaFaultSpec = FaultScope & { count?: number } & (
    | { kind: 'throttle'; code?: ThrottleCode; regainInMinutes?: number }
    | { kind: 'server_error'; status?: 500 | 502 | 503 }
    | { kind: 'timeout'; afterProcessing?: boolean }
  );

export type ActiveMetaFault = MetaFaultSpec & { id: number; remaining: number };

/** How the next Instagram containers end their processing, whatever their media. */
export type ContainerFate = 'stuck' | 'error';

export interface LatencyRule extends FaultScope {
  ms: number;
}

/**
 * The switches of the Graph emulator: request faults (consumed as they hit), latency (kept until
 * cleared) and the fate of the next Instagram media containers.
 */
export class MetaFaults {
  private faults: ActiveMetaFault[] = [];
  private latency: LatencyRule[] = [];
  private containerFates: ContainerFate[] = [];
  private lastId = 0;

  inject(spec: MetaFaultSpec): ActiveMetaFault {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('a fault count must be a positive integer');
    this.lastId += 1;
    const fault = { ...spec, id: this.lastId, remaining: count } as ActiveMetaFault;
    this.faults.push(fault);
    return fault;
  }

  setLatency(ms: number, scope: FaultScope = {}): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of ms');
    this.latency.push({ ...scope, ms });
  }

  /** The next `count` containers stay IN_PROGRESS forever, or end in ERROR. */
  setContainerFate(fate: ContainerFate, count = 1): void {
    for (let index = 0; index < count; index += 1) this.containerFates.push(fate);
  }

  takeContainerFate(): ContainerFate | undefined {
    return this.containerFates.shift();
  }

  clear(): void {
    this.faults = [];
    this.latency = [];
    this.containerFates = [];
  }

  view() {
    return {
      faults: this.faults.map((fault) => ({ ...fault })),
      latency: this.latency.map((rule) => ({ ...rule })),
      containerFates: [...this.containerFates],
    };
  }

  take(method: string, path: string): ActiveMetaFault | undefined {
    const fault = this.faults.find((candidate) => matches(candidate, method, path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }

  latencyFor(method: string, path: string): number {
    return this.latency.filter((rule) => matches(rule, method, path)).reduce((total, rule) => total + rule.ms, 0);
  }
}

function matches(scope: FaultScope, method: string, path: string): boolean {
  if (scope.method && scope.method.toUpperCase() !== method.toUpperCase()) return false;
  return !scope.path || matchesPathPattern(scope.path, path);
}
