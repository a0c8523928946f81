import type { Logger } from 'pino';
import type { LinkTarget } from '../core/links/model.js';
import type { RedirectTemplate } from '../core/links/tracked-url.js';
import { redirectTemplate } from '../core/links/tracked-url.js';
import type { LinksRepository } from '../store/repositories/links.repository.js';
import type { Clock } from './clock.js';

export interface CachedLink extends LinkTarget {
  template: RedirectTemplate;
  loadedAt: number;
}

export interface LinkCacheOptions {
  /** Links kept in memory; the oldest loaded go first. */
  maxEntries: number;
  /** After this, an entry is still served but read again in the background (changes made by other processes). */
  refreshMs: number;
}

/** Unknown codes remembered, so a flood of made-up codes does not turn into a flood of queries. */
const MAX_UNKNOWN_CODES = 10_000;
/**
 * Background refreshes at once. Links warmed together go stale together; under load, the rest are
 * served a little longer from memory and refreshed on a later click instead of all at once.
 */
const MAX_REFRESHES_IN_FLIGHT = 4;

/**
 * The redirect's memory of links, by code. A hit is a Map lookup; a miss is one query, shared by
 * every request waiting for the same code. Entries are refreshed in the background, never on the
 * request, so a cached link always answers at memory speed.
 */
export class LinkCache {
  private readonly known = new Map<string, CachedLink>();
  private readonly unknown = new Map<string, number>();
  private readonly loading = new Map<string, Promise<CachedLink | undefined>>();

  constructor(
    private readonly links: LinksRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: LinkCacheOptions,
  ) {}

  /** The link if it is in memory; `null` when the code is known not to exist; undefined when a lookup is needed. */
  peek(code: string, now: number): CachedLink | null | undefined {
    const link = this.known.get(code);
    if (link) {
      if (now - link.loadedAt > this.options.refreshMs && this.loading.size < MAX_REFRESHES_IN_FLIGHT) {
        // the entry keeps serving; the next stale hit tries again
        this.load(code).catch((error: unknown) =>
          this.logger.warn({ err: error, code }, 'refreshing a short link failed'),
        );
      }
      return link;
    }
    const missingSince = this.unknown.get(code);
    if (missingSince === undefined) return undefined;
    if (now - missingSince > this.options.refreshMs) {
      this.unknown.delete(code);
      return undefined;
    }
    return null;
  }

  /** Reads one code from the database (once, however many requests ask at the same time). */
  load(code: string): Promise<CachedLink | undefined> {
    const pending = this.loading.get(code);
    if (pending) return pending;
    const loaded = this.links
      .targetByCode(code)
      .then((target) => {
        if (target) return this.put(code, target);
        this.known.delete(code);
        this.forgetOldest(this.unknown, MAX_UNKNOWN_CODES);
        this.unknown.set(code, this.clock.now());
        return undefined;
      })
      .finally(() => this.loading.delete(code));
    this.loading.set(code, loaded);
    return loaded;
  }

  /** Fills the cache with the newest links, so the first clicks after a start hit memory too. */
  async warm(): Promise<number> {
    const targets = await this.links.newestTargets(this.options.maxEntries);
    // oldest first, so the newest are the last to be evicted
    for (const target of targets.reverse()) this.put(target.code, target);
    return targets.length;
  }

  /** Takes a change made in this process into account at once (other processes see it within refreshMs). */
  put(code: string, target: LinkTarget): CachedLink {
    this.unknown.delete(code);
    this.known.delete(code);
    this.forgetOldest(this.known, this.options.maxEntries);
    const cached: CachedLink = { ...target, template: redirectTemplate(target.targetUrl), loadedAt: this.clock.now() };
    this.known.set(code, cached);
    return cached;
  }

  size(): number {
    return this.known.size;
  }

  private forgetOldest(map: Map<string, unknown>, limit: number): void {
    while (map.size >= limit) {
      const oldest = map.keys().next();
      if (oldest.done) return;
      map.delete(oldest.value);
    }
  }
}
