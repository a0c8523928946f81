/** Which requests a switch applies to. Both parts optional: no scope means every API request. */
export interface FaultScope {
  // A request path without its query. `*` stands for one segment and a trailing `**` for any rest:
  // "/2/tweets", "/2/media/upload/*/append", "/2/media/**".
  path?: string;
  method?: string;
}

export type ServerErrorStatus = 500 | 502 | 503;

/** A failure to inject into the next `count` matching requests (default 1). */
export type FaultSpec = FaultScope & { count?: number } & (
    | { kind: 'rate_limit' /** Seconds until `x-rate-limit-reset`; default 60. */; resetInSeconds?: number }
    | { kind: 'server_error'; status?: ServerErrorStatus }
    /**
     * Never answer, so the client's own timeout fires. With `afterProcessing` the request takes
     * effect first (the post is created) and only the answer is lost.
     */
    | { kind: 'timeout'; afterProcessing?: boolean }
    /** Answer 401 as if the access token had expired. */
    | { kind: 'unauthorized' }
  );

export type ActiveFault = FaultSpec & { id: number; remaining: number };

export interface LatencyRule extends FaultScope {
  ms: number;
}

export interface FaultsView {
  faults: ActiveFault[];
  latency: LatencyRule[];
}

/**
 * The emulator's fault switches, for tests and for the supervisor rehearsing failures. Each injected
 * fault is consumed by the requests it hits; latency stays until cleared.
 */
export class XFaults {
  private faults: ActiveFault[] = [];
  private latency: LatencyRule[] = [];
  private lastId = 0;

  constructor(private readonly expireTokens: () => void) {}

  inject(spec: FaultSpec): ActiveFault {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('a fault count must be a positive integer');
    this.lastId += 1;
    const fault = { ...spec, id: this.lastId, remaining: count } as ActiveFault;
    this.faults.push(fault);
    return fault;
  }

  /** Delays every matching request by `ms` before the emulator looks at it. */
  setLatency(ms: number, scope: FaultScope = {}): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of ms');
    this.latency.push({ ...scope, ms });
  }

  /** Every access token issued so far stops working now; refresh tokens keep working. */
  expireAllTokens(): void {
    this.expireTokens();
  }

  clear(): void {
    this.faults = [];
    this.latency = [];
  }

  view(): FaultsView {
    return { faults: this.faults.map((fault) => ({ ...fault })), latency: this.latency.map((rule) => ({ ...rule })) };
  }

  /** Takes one use of the first fault matching this request, if any. */
  take(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find((candidate) => matchesScope(candidate, method, path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }

  latencyFor(method: string, path: string): number {
    return this.latency.filter((rule) => matchesScope(rule, method, path)).reduce((total, rule) => total + rule.ms, 0);
  }
}

function matchesScope(scope: FaultScope, method: string, path: string): boolean {
  if (scope.method && scope.method.toUpperCase() !== method.toUpperCase()) return false;
  if (!scope.path) return true;
  return matchesPathPattern(scope.path, path);
}

export function matchesPathPattern(pattern: string, path: string): boolean {
  const wanted = pattern.split('/');
  const actual = path.split('/');
  for (let index = 0; index < wanted.length; index += 1) {
    const part = wanted[index];
    if (part === '**' && index === wanted.length - 1) return true;
    if (index >= actual.length) return false;
    if (part !== '*' && part !== actual[index]) return false;
  }
  return wanted.length === actual.length;
}
