import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/store.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { seedPublications, seedWorkspace } from '../support/factories.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe.each(DIALECTS)('publications repository on %s', (dialect) => {
  let testDb: TestDatabase;
  let store: Store;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;

  beforeEach(async () => {
    testDb = await openTestDatabase(dialect);
    store = createStore(testDb.database);
    seeded = await seedWorkspace(store, NOW);
  });
  afterEach(async () => {
    await testDb.cleanup();
  });

  const claim = (workerId: string, limit: number, now = NOW) =>
    store.publications.claimDue({ workerId, now, limit, leaseMs: 60_000, newId: randomUUID });

  it('claims only due publications and records an open attempt for each', async () => {
    await seedPublications(store, { ...ids(), count: 3, dueAt: NOW - 1000, now: NOW - 5000 });
    await seedPublications(store, { ...ids(), count: 2, dueAt: NOW + 60_000, now: NOW - 5000 });

    const claimed = await claim('worker-a', 10);

    expect(claimed).toHaveLength(3);
    for (const item of claimed) {
      expect(item.publication.state).toBe('publishing');
      expect(item.attemptNumber).toBe(1);
      const attempts = await store.publications.attempts(item.publication.id);
      expect(attempts).toMatchObject([{ number: 1, workerId: 'worker-a', endedAt: null, outcome: null }]);
    }
    expect(await store.publications.nextDueAt()).toBe(NOW + 60_000);
  });

  it('never hands the same publication to two concurrent claimers', async () => {
    await seedPublications(store, { ...ids(), count: 40, dueAt: NOW - 1000, now: NOW - 5000 });

    const batches = await Promise.all(['a', 'b', 'c', 'd'].map((worker) => claim(worker, 15)));

    const claimedIds = batches.flat().map((item) => item.publication.id);
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect(claimedIds).toHaveLength(40);
  });

  it('flags a publication claimed more than a minute after its due time as late', async () => {
    await seedPublications(store, { ...ids(), count: 1, dueAt: NOW - 5 * 60_000, now: NOW - 10 * 60_000 });
    const [item] = await claim('worker-a', 1);
    expect(item?.publication.late).toBe(true);
  });

  it('records a published outcome once, and refuses an outcome from a worker that no longer holds it', async () => {
    await seedPublications(store, { ...ids(), count: 1, dueAt: NOW, now: NOW });
    const [item] = await claim('worker-a', 1);
    if (!item) throw new Error('nothing claimed');

    const foreign = await store.publications.completeAttempt({
      publicationId: item.publication.id,
      attemptId: item.attemptId,
      workerId: 'worker-b',
      now: NOW + 10,
      result: { outcome: 'published', remoteId: 'r1', permalink: 'p1' },
    });
    const own = await store.publications.completeAttempt({
      publicationId: item.publication.id,
      attemptId: item.attemptId,
      workerId: 'worker-a',
      now: NOW + 20,
      result: { outcome: 'published', remoteId: 'r1', permalink: 'https://x.test/p/r1' },
    });
    const again = await store.publications.completeAttempt({
      publicationId: item.publication.id,
      attemptId: item.attemptId,
      workerId: 'worker-a',
      now: NOW + 30,
      result: { outcome: 'failed', failure: { errorClass: 'transient', message: 'late', networkMessage: null } },
    });

    expect([foreign, own, again]).toEqual([false, true, false]);
    const stored = await store.publications.find(seeded.workspaceId, item.publication.id);
    expect(stored).toMatchObject({
      state: 'published',
      remoteId: 'r1',
      permalink: 'https://x.test/p/r1',
      publishedAt: NOW + 20,
    });
    expect(await store.publications.attempts(item.publication.id)).toMatchObject([
      { outcome: 'published', endedAt: NOW + 20 },
    ]);
  });

  it('puts a retry back in the schedule at its backoff time with the reason kept', async () => {
    await seedPublications(store, { ...ids(), count: 1, dueAt: NOW, now: NOW });
    const [item] = await claim('worker-a', 1);
    if (!item) throw new Error('nothing claimed');
    await store.publications.completeAttempt({
      publicationId: item.publication.id,
      attemptId: item.attemptId,
      workerId: 'worker-a',
      now: NOW + 5,
      result: {
        outcome: 'retry',
        nextAttemptAt: NOW + 30_000,
        failure: { errorClass: 'rate_limited', message: 'X rate limit', networkMessage: 'Too Many Requests' },
      },
    });

    expect(await claim('worker-a', 1, NOW + 29_000)).toHaveLength(0);
    const [second] = await claim('worker-a', 1, NOW + 30_000);
    expect(second?.attemptNumber).toBe(2);
    expect(second?.publication.failure).toMatchObject({
      errorClass: 'rate_limited',
      networkMessage: 'Too Many Requests',
    });
  });

  it('turns publications abandoned mid-attempt into unknown instead of publishing them again', async () => {
    await seedPublications(store, { ...ids(), count: 2, dueAt: NOW, now: NOW });
    const claimed = await claim('crashed-worker', 2);

    const notYet = await store.publicationRecovery.recoverAbandoned({
      leaseCutoff: NOW + 30_000,
      now: NOW + 30_000,
      message: 'stopped',
    });
    const recovered = await store.publicationRecovery.recoverAbandoned({
      leaseCutoff: NOW + 60_000,
      now: NOW + 60_000,
      message: 'stopped',
    });

    expect(notYet).toHaveLength(0);
    expect(recovered.map((p) => p.state)).toEqual(['unknown', 'unknown']);
    expect(await claim('new-worker', 10, NOW + 120_000)).toHaveLength(0);
    const attempts = await store.publications.attempts(claimed[0]?.publication.id ?? '');
    expect(attempts).toMatchObject([{ outcome: 'unknown', errorClass: 'unknown_outcome' }]);
  });

  it('cancels only what has not started, and reschedules a failure on retry', async () => {
    const [first, second] = await seedPublications(store, { ...ids(), count: 2, dueAt: NOW + 60_000, now: NOW });
    if (!first || !second) throw new Error('seed failed');
    expect(
      await store.publications.transition({ id: first, from: ['draft', 'scheduled'], to: 'cancelled', now: NOW }),
    ).toBe(true);
    expect(
      await store.publications.transition({ id: first, from: ['draft', 'scheduled'], to: 'cancelled', now: NOW }),
    ).toBe(false);
    expect(await claim('w', 10, NOW + 120_000)).toHaveLength(1);
    expect(await store.publications.countByState()).toEqual({ cancelled: 1, publishing: 1 });
  });

  function ids() {
    return { workspaceId: seeded.workspaceId, userId: seeded.userId, accountId: seeded.account.id };
  }
});
