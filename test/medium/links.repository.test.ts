import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClickRecord, Link } from '../../src/core/links/model.js';
import { createStore, type Store } from '../../src/store/store.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { seedWorkspace } from '../support/factories.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe.each(DIALECTS)('links, clicks and reports on %s', (dialect) => {
  let testDb: TestDatabase;
  let store: Store;
  let workspaceId: string;

  beforeEach(async () => {
    testDb = await openTestDatabase(dialect);
    store = createStore(testDb.database);
    ({ workspaceId } = await seedWorkspace(store, NOW));
  });
  afterEach(async () => {
    await testDb.cleanup();
  });

  const link = (code: string, extra: Partial<Link> = {}): Link => ({
    id: randomUUID(),
    workspaceId,
    code,
    originalUrl: 'https://fizz.example/',
    targetUrl: 'https://fizz.example/?utm_source=x',
    postId: null,
    variantId: null,
    campaignId: null,
    network: 'x',
    segmentId: null,
    enabled: true,
    expiresAt: null,
    createdBy: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  });
  let sequence = 0;
  const click = (linkId: string, extra: Partial<ClickRecord> = {}): ClickRecord => ({
    id: `click-${String(++sequence).padStart(6, '0')}`,
    workspaceId,
    linkId,
    at: NOW,
    country: 'JP',
    referrerHost: 't.co',
    device: 'mobile',
    browser: 'Mobile Safari',
    isBot: false,
    visitorHash: 'visitor-a',
    ...extra,
  });

  it('finds links by code, refuses a taken code and serves link domains to one workspace only', async () => {
    const summer = link('summer');
    expect(await store.links.create(summer)).toBe(true);
    expect(await store.links.create(link('summer'))).toBe(false);
    expect(await store.links.targetByCode('summer')).toEqual({
      id: summer.id,
      workspaceId,
      targetUrl: summer.targetUrl,
      enabled: true,
      expiresAt: null,
    });
    expect(await store.links.targetByCode('winter')).toBeUndefined();
    await store.links.update(workspaceId, summer.id, { enabled: false, expiresAt: NOW + 1, now: NOW });
    expect(await store.links.find(workspaceId, 'summer')).toMatchObject({ enabled: false, expiresAt: NOW + 1 });

    const domain = { workspaceId, host: 'go.fizz.test', baseUrl: 'https://go.fizz.test' };
    expect(await store.links.setDomain(domain, NOW)).toBe(true);
    expect(await store.links.setDomain({ ...domain, workspaceId: randomUUID() }, NOW)).toBe(false);
    expect(await store.links.allDomains()).toEqual([domain]);
  });

  it('lists the links changed since a time, for other processes’ caches', async () => {
    const summer = link('summer', { updatedAt: NOW - 60_000 });
    await store.links.create(summer);
    await store.links.create(link('winter', { updatedAt: NOW - 60_000 }));
    expect(await store.links.targetsChangedSince(NOW)).toEqual([]);
    await store.links.update(workspaceId, summer.id, { enabled: false, now: NOW + 10 });
    expect(await store.links.targetsChangedSince(NOW)).toEqual([
      expect.objectContaining({ code: 'summer', enabled: false, updatedAt: NOW + 10 }),
    ]);
  });

  it('writes a batch of clicks once, even when the same batch is written again', async () => {
    const summer = link('summer');
    await store.links.create(summer);
    const batch = Array.from({ length: 1200 }, () => click(summer.id));
    await store.clicks.insertBatch(batch);
    await store.clicks.insertBatch(batch.slice(0, 700));
    const stored = await store.clicks.listForLink(summer.id);
    expect(stored).toHaveLength(1200);
    expect(stored[0]).toEqual(batch[0]);
  });

  it('gives every process the same salt for a day and forgets earlier days', async () => {
    const first = await store.clicks.saltFor('2026-11-26', 'salt-a', NOW);
    const second = await store.clicks.saltFor('2026-11-26', 'salt-b', NOW);
    expect([first, second]).toEqual(['salt-a', 'salt-a']);
    await store.clicks.saltFor('2026-11-27', 'salt-c', NOW);
    await store.clicks.deleteSaltsBefore('2026-11-27');
    expect(await store.clicks.saltFor('2026-11-26', 'salt-d', NOW)).toBe('salt-d');
  });

  it('counts human clicks, bots, visitors and conversions per network, variant and time slot', async () => {
    const xLink = link('x-link', { network: 'x' });
    const blueskyLink = link('bsky-link', { network: 'bluesky' });
    await store.links.create(xLink);
    await store.links.create(blueskyLink);
    const converted = click(xLink.id, { at: NOW + 1000 });
    await store.clicks.insertBatch([
      converted,
      click(xLink.id, { at: NOW + 2000, visitorHash: 'visitor-b', country: 'US' }),
      click(xLink.id, { at: NOW + 20 * 60_000 }),
      click(xLink.id, { isBot: true, visitorHash: 'crawler', country: 'US', device: 'other', browser: null }),
      click(blueskyLink.id, { at: NOW + 3000, referrerHost: 'bsky.app' }),
    ]);
    expect(
      await store.clicks.insertConversion({
        id: randomUUID(),
        clickId: converted.id,
        goal: 'test_drive_booked',
        value: 2.5,
        currency: 'EUR',
        at: NOW + 5000,
      }),
    ).toBe(true);
    expect(
      await store.clicks.insertConversion({
        id: randomUUID(),
        clickId: converted.id,
        goal: 'test_drive_booked',
        value: 9,
        currency: null,
        at: NOW + 6000,
      }),
    ).toBe(false);

    const scope = { workspaceId, from: NOW, to: NOW + 3_600_000 };
    expect(await store.linkReports.totals(scope)).toEqual({
      clicks: 4,
      botClicks: 1,
      visitors: 2,
      conversions: 1,
      conversionValue: 2.5,
    });
    expect(await store.linkReports.breakdown(scope, 'network', 10)).toEqual([
      { key: 'x', clicks: 3, botClicks: 1, visitors: 2, conversions: 1, conversionValue: 2.5 },
      { key: 'bluesky', clicks: 1, botClicks: 0, visitors: 1, conversions: 0, conversionValue: 0 },
    ]);
    expect(await store.linkReports.breakdown({ ...scope, network: 'x' }, 'country', 10)).toEqual([
      expect.objectContaining({ key: 'JP', clicks: 2 }),
      expect.objectContaining({ key: 'US', clicks: 1, botClicks: 1 }),
    ]);
    expect(await store.linkReports.slots(scope)).toEqual([
      { slot: NOW, clicks: 3, botClicks: 1, conversions: 1 },
      { slot: NOW + 15 * 60_000, clicks: 1, botClicks: 0, conversions: 0 },
    ]);
    expect(await store.linkReports.labels(workspaceId, 'link', [xLink.id])).toEqual(new Map([[xLink.id, 'x-link']]));
    expect(await store.linkReports.totals({ ...scope, workspaceId: randomUUID() })).toMatchObject({
      clicks: 0,
      conversions: 0,
    });
  });
});
