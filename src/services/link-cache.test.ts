import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { LinkTarget } from '../core/links/model.js';
import type { LinksRepository } from '../store/repositories/links.repository.js';
import { LinkCache } from './link-cache.js';

type Row = LinkTarget & { code: string; updatedAt: number };

/** Links as another process would change them, behind the repository's three reads. */
class SharedLinks {
  rows = new Map<string, Row>();
  lookups = 0;
  save(row: Row) {
    this.rows.set(row.code, row);
  }
  async targetByCode(code: string) {
    this.lookups += 1;
    return this.rows.get(code);
  }
  async newestTargets(limit: number) {
    return [...this.rows.values()].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, limit);
  }
  async targetsChangedSince(since: number) {
    return [...this.rows.values()].filter((row) => row.updatedAt >= since).sort((a, b) => a.updatedAt - b.updatedAt);
  }
}

const NOW = Date.parse('2026-11-26T10:00:00Z');
const row = (code: string, extra: Partial<Row> = {}): Row => ({
  id: `id-${code}`,
  code,
  workspaceId: 'fizz',
  targetUrl: `https://fizz.example/${code}`,
  enabled: true,
  expiresAt: null,
  updatedAt: NOW - 60_000,
  ...extra,
});

function cacheOver(shared: SharedLinks, maxEntries = 100) {
  let now = NOW;
  const cache = new LinkCache(shared as unknown as LinksRepository, { now: () => now }, pino({ level: 'silent' }), {
    maxEntries,
    refreshMs: 60_000,
  });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('link cache', () => {
  it('starts with the newest links in memory and asks once for a code it does not know', async () => {
    const shared = new SharedLinks();
    shared.save(row('old', { updatedAt: NOW - 3 }));
    shared.save(row('mid', { updatedAt: NOW - 2 }));
    shared.save(row('new', { updatedAt: NOW - 1 }));
    const { cache } = cacheOver(shared, 2);
    expect(await cache.start()).toBe(2);
    cache.stop();
    expect(cache.peek('new')?.targetUrl).toBe('https://fizz.example/new');
    expect(cache.peek('old')).toBeUndefined();

    const [first, second] = await Promise.all([cache.load('nope'), cache.load('nope')]);
    expect([first, second]).toEqual([undefined, undefined]);
    expect(shared.lookups).toBe(1);
    expect(cache.peek('nope')).toBeNull();
  });

  it('learns of links turned off or created by another process from the change feed', async () => {
    const shared = new SharedLinks();
    shared.save(row('summer'));
    const { cache, advance } = cacheOver(shared);
    await cache.start();
    cache.stop();
    expect(await cache.load('later')).toBeUndefined();

    advance(10_000);
    shared.save(row('summer', { enabled: false, updatedAt: NOW + 10_000 }));
    shared.save(row('later', { updatedAt: NOW + 10_000 }));
    await cache.readChanges();

    expect(cache.peek('summer')?.enabled).toBe(false);
    // a code once unknown is looked up again now that it exists
    expect(cache.peek('later')).toBeUndefined();
    expect((await cache.load('later'))?.targetUrl).toBe('https://fizz.example/later');
  });
});
