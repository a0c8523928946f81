import { afterEach, describe, expect, it } from 'vitest';
import {
  type PublishingStack,
  type PublishingStackOptions,
  startPublishingStack,
  waitFor,
} from '../support/publishing-stack.js';

/**
 * The contract every publication queue keeps, run against both (embedded-queue.test.ts on SQLite,
 * graphile-queue.test.ts on PostgreSQL): same Crier, same connector, same X emulator over real HTTP.
 */
export function describePublicationQueueContract(
  queue: 'embedded' | 'graphile-worker',
  dialect: 'sqlite' | 'postgres',
  postgresUrl?: () => string,
) {
  describe(`publication queue contract: ${queue} on ${dialect}`, () => {
    let stack: PublishingStack | undefined;

    afterEach(async () => {
      await stack?.close();
      stack = undefined;
    });

    async function start(options: Omit<PublishingStackOptions, 'dialect'> = {}): Promise<PublishingStack> {
      stack = await startPublishingStack({ dialect, postgresUrl: postgresUrl?.(), ...options });
      expect(stack.crier.queue.kind).toBe(queue);
      return stack;
    }

    const publication = async (id: string) => {
      const found = await stack?.crier.store.publications.findById(id);
      if (!found) throw new Error(`publication ${id} is gone`);
      return found;
    };
    const attemptsOf = (id: string) => stack?.crier.store.publications.attempts(id) ?? Promise.resolve([]);

    it('publishes each publication once, at its due time and not before', async () => {
      const { x, schedule } = await start();
      const dueAt = Date.now() + 700;
      const ids = await schedule(['Doors open at nine', 'Tickets at the gate', 'Bring a friend'], dueAt);

      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(x.state.listPosts()).toHaveLength(0);
      await waitFor(
        async () => (await Promise.all(ids.map(publication))).every((p) => p.state === 'published'),
        10_000,
      );

      expect(x.state.listPosts()).toHaveLength(3);
      for (const id of ids) {
        const [attempt, ...more] = await attemptsOf(id);
        expect(more).toHaveLength(0);
        expect(attempt?.outcome).toBe('published');
        expect(attempt?.startedAt).toBeGreaterThanOrEqual(dueAt);
        // well within a second of the due time, even with the queue's polling
        expect((attempt?.startedAt ?? 0) - dueAt).toBeLessThan(1000);
      }
    });

    it('never publishes a cancelled publication, and publishes it when it is scheduled again', async () => {
      const { x, schedule, crier, workspaceId } = await start();
      const [id = ''] = await schedule(['Launch postponed'], Date.now() + 400);
      await crier.services.posts.cancelPublication(workspaceId, id);

      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(x.state.listPosts()).toHaveLength(0);
      expect((await publication(id)).state).toBe('cancelled');

      await crier.services.posts.retryPublication(workspaceId, id);
      await waitFor(async () => (await publication(id)).state === 'published', 10_000);
      expect(x.state.listPosts()).toHaveLength(1);
    });

    it('retries a failure that certainly did not publish, after a backoff', async () => {
      const { x, schedule } = await start();
      x.faults.inject({ kind: 'server_error', status: 503, path: '/2/tweets', method: 'POST' });
      const [id = ''] = await schedule(['Second time lucky'], Date.now());

      await waitFor(async () => (await publication(id)).state === 'published', 10_000);
      expect((await attemptsOf(id)).map((attempt) => attempt.outcome)).toEqual(['retry', 'published']);
      expect(x.state.listPosts()).toHaveLength(1);
    });

    it('reconciles an unknown outcome by looking for the post instead of publishing it twice', async () => {
      const { x, schedule } = await start({ timeoutMs: 600 });
      // X creates the post, then the answer is lost: Crier's call times out.
      x.faults.inject({ kind: 'timeout', afterProcessing: true, path: '/2/tweets', method: 'POST' });
      const [id = ''] = await schedule(['Did this go out?'], Date.now());

      await waitFor(async () => (await publication(id)).state === 'published', 10_000);
      const attempts = await attemptsOf(id);
      expect(attempts.map((attempt) => attempt.outcome)).toEqual(['unknown', 'published']);
      expect(attempts[1]?.networkResponse).toContain('found on the network by reconciliation');
      const posts = x.state.listPosts();
      expect(posts).toHaveLength(1);
      expect((await publication(id)).remoteId).toBe(posts[0]?.id);
    });

    it('publishes after an unknown outcome when reconciliation finds no post', async () => {
      const { x, schedule } = await start({ timeoutMs: 600 });
      // The request never reaches X's handler: nothing was created.
      x.faults.inject({ kind: 'timeout', path: '/2/tweets', method: 'POST' });
      const [id = ''] = await schedule(['Lost on the way'], Date.now());

      await waitFor(async () => (await publication(id)).state === 'published', 10_000);
      expect((await attemptsOf(id)).map((attempt) => attempt.outcome)).toEqual(['unknown', 'published']);
      expect(x.state.listPosts()).toHaveLength(1);
    });

    it('holds a burst to the account’s rate budget instead of tripping the network’s 429s', async () => {
      // 4 posts per 2 s window at the emulator; Crier's budget follows the same published limit.
      const { x, schedule } = await start({ postLimit: { limit: 4, windowMs: 2000 } });
      const dueAt = Date.now() + 200;
      const ids = await schedule(['one', 'two', 'three', 'four', 'five', 'six'], dueAt);

      await waitFor(
        async () => (await Promise.all(ids.map(publication))).every((p) => p.state === 'published'),
        15_000,
      );
      const attempts = (await Promise.all(ids.map(attemptsOf))).flat();
      // not one 429: every publication went out on its first attempt
      expect(attempts.map((attempt) => attempt.outcome)).toEqual(Array(6).fill('published'));
      expect(x.state.listPosts()).toHaveLength(6);
      const lastStart = Math.max(...attempts.map((attempt) => attempt.startedAt));
      expect(lastStart - dueAt).toBeGreaterThan(2000);
    });

    it('tries again when a network refuses an account right after renewing its access, without asking to reconnect', async () => {
      const { x, schedule, crier, workspaceId, account } = await start();
      // 401, the refresh succeeds, 401 again: a hiccup, not a revoked account
      x.faults.inject({ kind: 'unauthorized', path: '/2/tweets', method: 'POST', count: 2 });
      const [id = ''] = await schedule(['Still welcome'], Date.now());

      await waitFor(async () => (await publication(id)).state === 'published', 10_000);
      expect((await attemptsOf(id)).map((attempt) => attempt.outcome)).toEqual(['retry', 'published']);
      expect((await crier.services.accounts.get(workspaceId, account.id)).state).toBe('connected');
      expect(await crier.alerts.listOpen(workspaceId)).toEqual([]);
    });

    it('holds a failing network’s publications back instead of burning their retries', async () => {
      const { x, schedule } = await start();
      x.faults.inject({ kind: 'server_error', status: 503, path: '/2/tweets', method: 'POST', count: 100 });
      const ids = await schedule(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], Date.now());

      // five failures open the circuit; retries due within 2 s, and anything not yet tried, find it open
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const publications = await Promise.all(ids.map(publication));
      const attempts = publications.map((p) => p.attemptCount);
      expect(Math.max(...attempts)).toBe(1);
      expect(attempts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(5);
      for (const held of publications) {
        expect(held.state).toBe('scheduled');
        // waiting for the circuit's probe, about 30 s after it opened
        expect(held.nextAttemptAt - Date.now()).toBeGreaterThan(20_000);
      }
    });
  });
}
