/** Which rate-limit family a call counts against: the app's platform limit or a business use case. */
export type UsageBucket = { kind: 'app' } | { kind: 'pages' | 'instagram'; objectId: string };

export interface UsageReading {
  /** Highest percentage among call count, CPU and time, as Meta's headers report them. */
  percent: number;
  /** Minutes until the window turns over, for `estimated_time_to_regain_access`. */
  minutesToRegain: number;
}

const WINDOW_MS = 60 * 60_000;

/**
 * Counts calls per app and per Page / Instagram account in fixed one-hour windows and renders Meta's
 * usage headers (`x-app-usage`, `x-business-use-case-usage`), in percent of the allowance.
 */
export class UsageMeter {
  private readonly windows = new Map<string, { start: number; calls: number }>();

  constructor(
    private readonly callsPerHour: number,
    private readonly now: () => number,
  ) {}

  /** Counts one call and says whether it is still within the allowance. */
  count(bucket: UsageBucket): UsageReading & { allowed: boolean } {
    const key = bucket.kind === 'app' ? 'app' : `${bucket.kind}:${bucket.objectId}`;
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, calls: 0 };
      this.windows.set(key, window);
    }
    window.calls += 1;
    const percent = Math.min(100, Math.round((window.calls / this.callsPerHour) * 100));
    const minutesToRegain = Math.ceil((window.start + WINDOW_MS - now) / 60_000);
    return { percent, minutesToRegain, allowed: window.calls <= this.callsPerHour };
  }
}

export function usageHeaders(bucket: UsageBucket, reading: UsageReading, throttled: boolean): Record<string, string> {
  const percent = throttled ? 100 : reading.percent;
  if (bucket.kind === 'app') {
    return {
      'x-app-usage': JSON.stringify({
        call_count: percent,
        total_cputime: Math.round(percent / 4),
        total_time: Math.round(percent / 3),
      }),
    };
  }
  return {
    'x-business-use-case-usage': JSON.stringify({
      [bucket.objectId]: [
        {
          type: bucket.kind,
          call_count: percent,
          total_cputime: Math.round(percent / 4),
          total_time: Math.round(percent / 3),
          estimated_time_to_regain_access: throttled ? reading.minutesToRegain : 0,
        },
      ],
    }),
  };
}
