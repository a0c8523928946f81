import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/store/repositories/alerts.repository.js';
import { createStore, type Store } from '../../src/store/store.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { seedPublications, seedWorkspace } from '../support/factories.js';

const NOW = Date.parse('2026-07-01T09:00:00Z');

describe.each(DIALECTS)('posting by hand on %s', (dialect) => {
  let testDb: TestDatabase;
  let store: Store;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
  let publicationId: string;

  beforeEach(async () => {
    testDb = await openTestDatabase(dialect);
    store = createStore(testDb.database);
    seeded = await seedWorkspace(store, NOW);
    [publicationId = ''] = await seedPublications(store, {
      workspaceId: seeded.workspaceId,
      userId: seeded.userId,
      accountId: seeded.account.id,
      count: 1,
      dueAt: NOW,
      now: NOW,
    });
  });
  afterEach(async () => {
    await testDb.cleanup();
  });

  const claim = async () => {
    const [claimed] = await store.publications.claimDue({
      workerId: 'w1',
      now: NOW,
      limit: 1,
      leaseMs: 60_000,
      newId: randomUUID,
    });
    if (!claimed) throw new Error('nothing was claimed');
    return claimed;
  };
  const reminder = (): Alert => ({
    id: randomUUID(),
    workspaceId: seeded.workspaceId,
    kind: 'manual_post_due',
    accountId: seeded.account.id,
    publicationId,
    message: 'Time to post by hand',
    createdAt: NOW,
  });

  it('hands a claimed publication to people with its attempt ended and its reminder, only for the claim holder', async () => {
    const claimed = await claim();
    const stranger = { publicationId, attemptId: claimed.attemptId, workerId: 'w2', now: NOW + 5 };
    expect(await store.manualPosting.handOver({ ...stranger, reminder: reminder() })).toBe(false);
    expect(await store.alerts.listOpen(seeded.workspaceId)).toEqual([]);

    const holder = { ...stranger, workerId: 'w1' };
    expect(await store.manualPosting.handOver({ ...holder, reminder: reminder() })).toBe(true);
    expect(await store.publications.findById(publicationId)).toMatchObject({ state: 'awaiting_manual' });
    expect(await store.publications.attempts(publicationId)).toEqual([
      expect.objectContaining({ number: 1, outcome: 'manual', endedAt: NOW + 5, errorClass: null }),
    ]);
    expect(await store.alerts.listOpen(seeded.workspaceId)).toEqual([
      expect.objectContaining({ kind: 'manual_post_due', publicationId, accountId: seeded.account.id }),
    ]);
    // waiting for a person is not work for the scheduler
    expect(await store.publications.nextDueAt()).toBeUndefined();
    expect(await store.manualPosting.handOver({ ...holder, reminder: reminder() })).toBe(false);
  });

  it('marks only a publication waiting for a person as posted, closing its reminders', async () => {
    const posted = {
      workspaceId: seeded.workspaceId,
      id: publicationId,
      permalink: 'https://example.test/p',
      now: NOW,
    };
    expect(await store.manualPosting.markPosted(posted)).toBe(false);
    const claimed = await claim();
    await store.manualPosting.handOver({
      publicationId,
      attemptId: claimed.attemptId,
      workerId: 'w1',
      now: NOW,
      reminder: reminder(),
    });
    expect(await store.manualPosting.markPosted({ ...posted, workspaceId: randomUUID() })).toBe(false);
    expect(await store.manualPosting.markPosted({ ...posted, now: NOW + 60_000 })).toBe(true);
    expect(await store.publications.findById(publicationId)).toMatchObject({
      state: 'published',
      permalink: 'https://example.test/p',
      publishedAt: NOW + 60_000,
      remoteId: null,
    });
    expect(await store.alerts.listOpen(seeded.workspaceId)).toEqual([]);
    expect(await store.manualPosting.markPosted(posted)).toBe(false);
  });

  it('drops a publication’s alerts with its account', async () => {
    const claimed = await claim();
    await store.manualPosting.handOver({
      publicationId,
      attemptId: claimed.attemptId,
      workerId: 'w1',
      now: NOW,
      reminder: reminder(),
    });
    expect(await store.accounts.delete(seeded.workspaceId, seeded.account.id)).toBe(true);
    expect(await store.alerts.listOpen(seeded.workspaceId)).toEqual([]);
  });
});
