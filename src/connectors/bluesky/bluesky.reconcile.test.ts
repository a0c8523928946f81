import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlueskyFaultProxy, startBlueskyFaultProxy } from '../../../sandbox/bluesky/fault-proxy.js';
import { type LocalBluesky, localPostPermalink, startLocalBluesky } from '../../../sandbox/bluesky/local-network.js';
import type { AccountSession, ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { createBlueskyConnector } from './bluesky.connector.js';

/**
 * Reconciliation and shared renewal on a real local PDS, with the sandbox's fault proxy in front of it
 * answering the way an overloaded or failing PDS does.
 */
let network: LocalBluesky;
let proxy: BlueskyFaultProxy;
let connector: Connector;
let account: ConnectedAccount;

beforeAll(async () => {
  network = await startLocalBluesky({ startTimeoutMs: 45_000 });
  proxy = await startBlueskyFaultProxy(network.pdsUrl);
  connector = createBlueskyConnector({
    environment: 'sandbox',
    defaultService: proxy.url,
    permalink: localPostPermalink,
    timeoutMs: 1_500,
  });
  const created = await network.createAccount('reconcile.test');
  if (connector.connect.kind !== 'password') throw new Error('Bluesky connects with an app password');
  account = await connector.connect.login({ identifier: created.handle, password: created.password });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await network?.close();
});

function sharedStore(initial: Credentials) {
  let stored = initial;
  let lock: Promise<unknown> = Promise.resolve();
  let refreshes = 0;
  const sessionFor = (): AccountSession => ({
    profile: account.profile,
    credentials: stored,
    async saveCredentials(next) {
      stored = next.credentials;
    },
    renewCredentials(stale, renew) {
      const turn = lock.then(async () => {
        if (JSON.stringify(stored) !== JSON.stringify(stale)) return stored;
        refreshes += 1;
        stored = (await renew(stored)).credentials;
        return stored;
      });
      lock = turn.catch(() => undefined);
      return turn;
    },
  });
  return { sessionFor, refreshes: () => refreshes };
}

describe('Bluesky reconciliation', () => {
  it('goes through the fault proxy, which stands in for the PDS in the account’s DID document', () => {
    expect((account.credentials as { pdsUrl?: string }).pdsUrl).toBe(proxy.url);
  });

  it('finds the record a lost answer left at the publication’s key, and nothing for a publication never sent', async () => {
    const store = sharedStore(account.credentials);
    const publicationId = randomUUID();
    proxy.inject({ kind: 'timeout', afterProcessing: true, method: 'com.atproto.repo.createRecord' });
    // The connector itself looks at the key after a create without an answer, and finds its record.
    const published = await connector.publish(store.sessionFor(), {
      publicationId,
      text: 'Answer lost on the way back',
      media: [],
    });

    const found = await connector.findPublished?.(store.sessionFor(), {
      publicationId,
      text: 'Answer lost on the way back',
      since: Date.now() - 60_000,
    });
    expect(found).toEqual(published);
    const never = await connector.findPublished?.(store.sessionFor(), {
      publicationId: randomUUID(),
      text: 'Never sent',
      since: Date.now(),
    });
    expect(never).toBeUndefined();
  });

  it('cannot tell while the PDS fails, and says so instead of guessing', async () => {
    proxy.inject({ kind: 'server_error', status: 503, method: 'com.atproto.repo.getRecord' });
    await expect(
      connector.findPublished?.(sharedStore(account.credentials).sessionFor(), {
        publicationId: randomUUID(),
        text: 'x',
        since: Date.now(),
      }),
    ).rejects.toMatchObject({ errorClass: 'transient' });
  });

  it('renews a refused token once across processes, and classifies the PDS’s 429 with its reset time', async () => {
    const store = sharedStore(account.credentials);
    proxy.inject({ kind: 'expired_token', method: 'com.atproto.repo.createRecord', count: 3 });
    const published = await Promise.all(
      ['a', 'b', 'c'].map((letter) =>
        connector.publish(store.sessionFor(), { publicationId: randomUUID(), text: `Renewed ${letter}`, media: [] }),
      ),
    );
    expect(published).toHaveLength(3);
    expect(store.refreshes()).toBe(1);

    proxy.inject({ kind: 'rate_limit', resetInSeconds: 30, method: 'com.atproto.repo.createRecord' });
    const refused = connector.publish(store.sessionFor(), { publicationId: randomUUID(), text: 'Too fast', media: [] });
    await expect(refused).rejects.toMatchObject({ errorClass: 'rate_limited' });
    await refused.catch((error: { retryAt?: number }) => {
      expect(error.retryAt).toBeGreaterThan(Date.now() + 20_000);
    });
  });
});
