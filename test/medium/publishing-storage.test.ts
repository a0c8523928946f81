import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bucketCapacity } from '../../src/core/rate-budget.js';
import { createStore, type Store } from '../../src/store/store.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { seedPublications, seedWorkspace } from '../support/factories.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe.each(DIALECTS)('publishing storage on %s', (dialect) => {
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

  const ids = () => ({ workspaceId: seeded.workspaceId, userId: seeded.userId, accountId: seeded.account.id });
  const claim = (now: number, only?: string[]) =>
    store.publications.claimDue({ workerId: 'w', now, limit: 10, leaseMs: 60_000, newId: randomUUID, ids: only });

  it('claims an unknown publication again only once a reconciliation is planned and due, flagged to look first', async () => {
    const [id = ''] = await seedPublications(store, { ...ids(), count: 1, dueAt: NOW, now: NOW });
    const [first] = await claim(NOW);
    expect(first?.reconcileFirst).toBe(false);
    await store.publications.completeAttempt({
      publicationId: id,
      attemptId: first?.attemptId ?? '',
      workerId: 'w',
      now: NOW + 10,
      result: {
        outcome: 'unknown',
        failure: { errorClass: 'unknown_outcome', message: 'no answer', networkMessage: null },
        reconcileAt: NOW + 5_000,
      },
    });

    expect(await claim(NOW + 4_999)).toHaveLength(0);
    expect(await store.publications.nextDueAt()).toBe(NOW + 5_000);
    const [again] = await claim(NOW + 5_000);
    expect(again).toMatchObject({ attemptNumber: 2, reconcileFirst: true });
    // certainly not published (reconciliation looked, the network refused): the flag is settled
    await store.publications.completeAttempt({
      publicationId: id,
      attemptId: again?.attemptId ?? '',
      workerId: 'w',
      now: NOW + 5_010,
      result: {
        outcome: 'retry',
        failure: { errorClass: 'transient', message: '503', networkMessage: null },
        nextAttemptAt: NOW + 8_000,
      },
    });
    expect((await claim(NOW + 8_000))[0]?.reconcileFirst).toBe(false);
  });

  it('leaves an unknown publication to people when no reconciliation is planned', async () => {
    const [id = ''] = await seedPublications(store, { ...ids(), count: 1, dueAt: NOW, now: NOW });
    const [first] = await claim(NOW);
    await store.publications.completeAttempt({
      publicationId: id,
      attemptId: first?.attemptId ?? '',
      workerId: 'w',
      now: NOW + 10,
      result: { outcome: 'unknown', failure: { errorClass: 'unknown_outcome', message: '?', networkMessage: null } },
    });
    expect(await claim(NOW + 3_600_000)).toHaveLength(0);
    expect(await store.publicationRecovery.listOverdue({ dueBefore: NOW + 3_600_000, limit: 10 })).toEqual([]);
  });

  it('postpones without spending an attempt, and claims only the ids asked for', async () => {
    const [a = '', b = ''] = await seedPublications(store, { ...ids(), count: 2, dueAt: NOW, now: NOW });
    expect(await store.publications.postpone({ ids: [a], until: NOW + 30_000, now: NOW })).toEqual([a]);
    const claimed = await claim(NOW, [a, b]);
    expect(claimed.map((item) => item.publication.id)).toEqual([b]);
    const [later] = await claim(NOW + 30_000, [a]);
    expect(later?.attemptNumber).toBe(1);
    // a publication being published is not moved
    expect(await store.publications.postpone({ ids: [a], until: NOW + 90_000, now: NOW })).toEqual([]);
  });

  it('finds what no worker came for, and plans reconciliations for abandoned publications', async () => {
    const [late = '', onTime = ''] = await seedPublications(store, { ...ids(), count: 2, dueAt: NOW, now: NOW });
    await store.publications.postpone({ ids: [onTime], until: NOW + 60_000, now: NOW });
    expect(await store.publicationRecovery.listOverdue({ dueBefore: NOW + 10_000, limit: 10 })).toEqual([
      { id: late, dueAt: NOW },
    ]);

    await claim(NOW + 20_000, [late]);
    await store.publicationRecovery.expireLeasesOf('w', NOW + 20_001);
    const abandoned = await store.publicationRecovery.recoverAbandoned({
      leaseCutoff: NOW + 20_001,
      now: NOW + 20_001,
      message: 'stopped',
    });
    expect(abandoned.map((publication) => publication.id)).toEqual([late]);
    expect(
      await store.publicationRecovery.scheduleReconciliation({
        ids: [late, onTime],
        at: NOW + 40_000,
        now: NOW + 20_001,
        message: 'will look',
      }),
    ).toEqual([late]);
    const [reconciling] = await claim(NOW + 40_000, [late]);
    expect(reconciling).toMatchObject({ reconcileFirst: true, attemptNumber: 2 });
  });

  it('shares a rate budget between processes: concurrent takes never exceed the bucket', async () => {
    const rule = { limit: 40, windowMs: 60_000 };
    const takes = await Promise.all(
      Array.from({ length: 8 }, () => store.rateBuckets.take([{ key: 'account:a', rule, wanted: 5 }], NOW)),
    );
    const granted = takes.reduce((sum, grants) => sum + (grants.get('account:a')?.granted ?? 0), 0);
    expect(granted).toBe(bucketCapacity(rule));
    const empty = await store.rateBuckets.take([{ key: 'account:a', rule, wanted: 1 }], NOW);
    expect(empty.get('account:a')).toEqual({ granted: 0, nextTokenAt: NOW + 3_000 });
  });

  it('renews credentials one process at a time under the account lock', async () => {
    const order: string[] = [];
    const renew = (name: string, delayMs: number) =>
      store.accountCredentials.withLock(seeded.account.id, async (locked) => {
        order.push(`${name} sees ${locked.sealedCredentials}`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await locked.save(`sealed-by-${name}`, NOW + 7_200_000, NOW);
      });
    await Promise.all([renew('first', 100), renew('second', 0)]);
    expect(order).toEqual(['first sees sealed', 'second sees sealed-by-first']);
    expect(await store.accountCredentials.listExpiring({ before: NOW + 7_200_001, limit: 5 })).toMatchObject([
      { id: seeded.account.id, credentialsExpireAt: NOW + 7_200_000 },
    ]);
  });

  it('keeps one open alert per account and kind, until dismissed or resolved', async () => {
    const alert = {
      workspaceId: seeded.workspaceId,
      kind: 'account_reconnect_needed' as const,
      accountId: seeded.account.id,
      publicationId: null,
      message: 'reconnect',
      createdAt: NOW,
    };
    expect(await store.alerts.raise({ id: randomUUID(), ...alert })).toBe(true);
    expect(await store.alerts.raise({ id: randomUUID(), ...alert })).toBe(false);
    const [open] = await store.alerts.listOpen(seeded.workspaceId);
    expect(await store.alerts.dismiss(seeded.workspaceId, open?.id ?? '', NOW + 1)).toBe(true);
    expect(await store.alerts.raise({ id: randomUUID(), ...alert })).toBe(true);
    await store.alerts.resolveForAccount(seeded.account.id, 'account_reconnect_needed', NOW + 2);
    expect(await store.alerts.listOpen(seeded.workspaceId)).toEqual([]);
  });
});
