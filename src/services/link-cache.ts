import type { Logger } from 'pino';
import type { LinkTarget } from '../core/links/model.js';
import type { RedirectTemplate } from '../core/links/tracked-url.js';
import { redirectTemplate } from '../core/links/tracked-url.js';
import type { LinksRepository } from '../store/repositories/links.repository.js';
import type { Clock } from './clock.js';

export interface CachedLink extends LinkTarget {
  template: RedirectTemplate;
}

export interface LinkCacheOptions {
  /** Links kept in memory; the oldest loaded go first. */
  maxEntries: number;
  /** How often changes made by other processes (a link turned off, say) are read. */
  refreshMs: number;
}

/** Unknown codes remembered, so a flood of made-up codes does not turn into a flood of queries. */
const MAX_UNKNOWN_CODES = 10_000;
/**
 * Changes are read again from a little before the last one seen: two processes' clocks and two
 * changes in the same millisecond must not make one of them invisible. Reading one twice is harmless.
 */
const CHANGE_OVERLAP_MS = 5_000;

/**
 * The redirect's memory of links, by code. A hit is a Map lookup; a miss is one query, shared by
 * every request waiting for the same code. Changes reach it two ways: at once from this process
 * (`put`), and every `refreshMs` from a query for the links changed since the last look, which
 * costs the same however busy the redirect is.
 */
export class LinkCache {
  private readonly known = new Map<string, CachedLink>();
  private readonly unknown = new Set<string>();
  private readonly loading = new Map<string, Promise<CachedLink | undefined>>();
  private changesSince = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly links: LinksRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: LinkCacheOptions,
  ) {}

  /** The link if it is in memory; `null` when the code is known not to exist; undefined when a lookup is needed. */
  peek(code: string): CachedLink | null | undefined {
    const link = this.known.get(code);
    if (link) return link;
    return this.unknown.has(code) ? null : undefined;
  }

  /** Reads one code from the database (once, however many requests ask at the same time). */
  load(code: string): Promise<CachedLink | undefined> {
    const pending = this.loading.get(code);
    if (pending) return pending;
    const loaded = this.links
      .targetByCode(code)
      .then((target) => {
        if (target) return this.put(code, target);
        forgetOldest(this.unknown, MAX_UNKNOWN_CODES);
        this.unknown.add(code);
        return undefined;
      })
      .finally(() => this.loading.delete(code));
    this.loading.set(code, loaded);
    return loaded;
  }

  /** Fills the cache with the newest links, then follows changes every `refreshMs`. */
  async start(): Promise<number> {
    this.changesSince = this.clock.now();
    const targets = await this.links.newestTargets(this.options.maxEntries);
    // oldest first, so the newest are the last to be evicted
    for (const target of targets.reverse()) this.put(target.code, target);
    this.timer = setInterval(() => {
      this.readChanges().catch((error: unknown) => this.logger.warn({ err: error }, 'reading changed links failed'));
    }, this.options.refreshMs);
    this.timer.unref();
    return targets.length;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes a change made in this process into account at once. */
  put(code: string, target: LinkTarget): CachedLink {
    this.unknown.delete(code);
    this.known.delete(code);
    forgetOldest(this.known, this.options.maxEntries);
    const cached: CachedLink = {
      id: target.id,
      workspaceId: target.workspaceId,
      targetUrl: target.targetUrl,
      enabled: target.enabled,
      expiresAt: target.expiresAt,
      template: redirectTemplate(target.targetUrl),
    };
    this.known.set(code, cached);
    return cached;
  }

  size(): number {
    return this.known.size;
  }

  /** Links created or changed since the last look, by any process: cached ones are replaced, unknown ones forgotten. */
  async readChanges(): Promise<void> {
    const changed = await this.links.targetsChangedSince(this.changesSince - CHANGE_OVERLAP_MS);
    for (const target of changed) {
      if (this.known.has(target.code)) this.put(target.code, target);
      else this.unknown.delete(target.code);
      this.changesSince = Math.max(this.changesSince, target.updatedAt);
    }
  }
}

function forgetOldest(entries: Map<string, unknown> | Set<string>, limit: number): void {
  while (entries.size >= limit) {
    const oldest = entries.keys().next();
    if (oldest.done) return;
    entries.delete(oldest.value);
  }
}
