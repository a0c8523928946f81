import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClickRecord } from '../core/links/model.js';
import type { CountryLookup } from '../store/country-lookup.js';
import type { ClicksRepository } from '../store/repositories/clicks.repository.js';
import { ClickRecorder, type RawClick } from './click-recorder.js';

const DAY = Date.parse('2026-11-26T10:00:00Z');
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** A click store in memory that can be told to refuse writes, as a database that is down would. */
class MemoryClicks {
  written: ClickRecord[] = [];
  salts = new Map<string, string>();
  refuse = false;
  async insertBatch(clicks: readonly ClickRecord[]) {
    if (this.refuse) throw new Error('database is down');
    this.written.push(...clicks);
  }
  async saltFor(day: string, proposal: string) {
    if (!this.salts.has(day)) this.salts.set(day, proposal);
    return this.salts.get(day) as string;
  }
  async deleteSaltsBefore(day: string) {
    for (const known of this.salts.keys()) if (known < day) this.salts.delete(known);
  }
}

const countries: CountryLookup = { country: (address) => (address === '133.242.0.1' ? 'JP' : null) };

function recorder(store: MemoryClicks) {
  return new ClickRecorder(
    store as unknown as ClicksRepository,
    countries,
    { now: () => DAY },
    pino({ level: 'silent' }),
    {
      flushMs: 60_000,
      batchSize: 10_000,
      maxBuffered: 100,
    },
  );
}

let sequence = 0;
const raw = (extra: Partial<RawClick> = {}): RawClick => ({
  id: `click-${++sequence}`,
  linkId: 'link-1',
  workspaceId: 'workspace-1',
  at: DAY,
  address: '133.242.0.1',
  userAgent: SAFARI,
  referer: 'https://t.co/abc?secret=1',
  ...extra,
});

describe('click recorder', () => {
  it('stores country, referrer host, device, browser and a visitor hash, never the address', async () => {
    const store = new MemoryClicks();
    const clicks = recorder(store);
    clicks.record(raw());
    clicks.record(raw({ userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)' }));
    clicks.record(raw({ userAgent: undefined, address: '198.51.100.7' }));
    await clicks.flush();

    expect(store.written.map(({ visitorHash: _hash, id: _id, ...facts }) => facts)).toEqual([
      {
        workspaceId: 'workspace-1',
        linkId: 'link-1',
        at: DAY,
        country: 'JP',
        referrerHost: 't.co',
        device: 'mobile',
        browser: 'Mobile Safari',
        isBot: false,
      },
      expect.objectContaining({ isBot: true }),
      expect.objectContaining({ isBot: true, country: null, device: 'other', browser: null }),
    ]);
    expect(JSON.stringify(store.written)).not.toMatch(/133\.242|198\.51|secret|iPhone/);
  });

  it('gives the same visitor the same hash within a day and another one the next day', async () => {
    const store = new MemoryClicks();
    const clicks = recorder(store);
    clicks.record(raw());
    clicks.record(raw());
    clicks.record(raw({ address: '133.242.0.2' }));
    clicks.record(raw({ at: DAY + 24 * 3_600_000 }));
    await clicks.flush();
    const [first, again, other, tomorrow] = store.written.map((click) => click.visitorHash);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(tomorrow).not.toBe(first);
    // the day before yesterday's salt is gone; yesterday's is kept for late batches
    expect([...store.salts.keys()]).toEqual(['2026-11-26', '2026-11-27']);
  });

  it('keeps clicks the database refused and writes them once it is back', async () => {
    const store = new MemoryClicks();
    const clicks = recorder(store);
    store.refuse = true;
    clicks.record(raw());
    clicks.record(raw());
    await clicks.flush();
    expect(store.written).toHaveLength(0);
    expect(clicks.pending()).toBe(2);

    store.refuse = false;
    clicks.record(raw());
    await clicks.stop();
    expect(store.written).toHaveLength(3);
    expect(new Set(store.written.map((click) => click.id)).size).toBe(3);
    expect(clicks.pending()).toBe(0);
  });

  it('drops the oldest clicks, and only those, when the database stays down past the limit', async () => {
    const store = new MemoryClicks();
    const clicks = recorder(store);
    store.refuse = true;
    for (let index = 0; index < 150; index += 1) clicks.record(raw({ id: `kept-${index}` }));
    await clicks.flush();
    expect(clicks.pending()).toBe(100);
    store.refuse = false;
    await clicks.flush();
    expect(store.written.map((click) => click.id)).toEqual(
      Array.from({ length: 100 }, (_, index) => `kept-${index + 50}`),
    );
  });
});
