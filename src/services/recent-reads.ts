/**
 * Reads shared for a moment. A launch makes one post due on many accounts at once, and an account
 * publishes many posts in a burst: every publication reading the same post or account within a
 * second or two shares one read (and one in-flight query) instead of repeating it. Entries live
 * `lifetimeMs`; what changes within that time (a token another process renewed) is corrected by the
 * connectors' shared renewal; posts cannot be edited once scheduled.
 */
export class RecentReads<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expiresAt: number }>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
  ) {}

  read(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.value;
    if (this.entries.size >= this.maxEntries) this.dropExpired(now);
    const value = load();
    this.entries.set(key, { value, expiresAt: now + this.lifetimeMs });
    // A failed read is not shared: the next one tries again.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
