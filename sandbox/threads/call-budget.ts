import type { ThreadsState } from './state.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Threads' call budget (threads.md, Errors and limits): calls per rolling 24 hours =
 * 4,800 × the account's impressions, counting at least 10 impressions. The emulator counts the
 * views of the account's posts as its impressions.
 */
export class CallBudget {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly state: ThreadsState,
    private readonly now: () => number,
    private readonly callsPerImpression = 4800,
  ) {}

  /** Records one call; false when the budget is already spent. */
  spend(userId: string): boolean {
    const since = this.now() - DAY_MS;
    const recent = (this.calls.get(userId) ?? []).filter((at) => at > since);
    if (recent.length >= this.limitFor(userId)) {
      this.calls.set(userId, recent);
      return false;
    }
    recent.push(this.now());
    this.calls.set(userId, recent);
    return true;
  }

  limitFor(userId: string): number {
    let impressions = 0;
    for (const media of this.state.media.values()) if (media.ownerId === userId) impressions += media.insights.views;
    return this.callsPerImpression * Math.max(10, impressions);
  }
}
