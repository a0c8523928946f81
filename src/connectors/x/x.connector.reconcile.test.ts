import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followConsent, type RunningXEmulator, startXEmulator } from '../../../sandbox/x/harness.js';
import type { AccountSession, ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { singleAccount } from '../kit/testing.js';
import { comparableText } from './find-published.js';
import { createXConnector } from './x.connector.js';

const CLIENT_ID = 'crier-sandbox';
const REDIRECT = 'http://localhost:3000/connect/x/callback';

let emulator: RunningXEmulator;
let connector: Connector;
let account: ConnectedAccount;

beforeEach(async () => {
  emulator = await startXEmulator({ clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT] }] });
  connector = createXConnector({
    environment: 'sandbox',
    clientId: CLIENT_ID,
    apiBaseUrl: emulator.baseUrl,
    authorizeUrl: emulator.authorizeUrl,
    webUrl: emulator.baseUrl,
    timeoutMs: 2_000,
  });
  if (connector.connect.kind !== 'oauth2') throw new Error('X connects with OAuth 2.0');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'state' });
  const callback = await followConsent(begun.authorizeUrl, 'crier_demo');
  account = singleAccount(
    await connector.connect.complete({
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: begun.codeVerifier,
    }),
  );
});

afterEach(async () => {
  await emulator.close();
});

/**
 * Sessions of several Crier processes over one stored account, renewing under one lock the way
 * AccountTokensService does: the stored credentials change once, the others adopt them.
 */
function sharedStore(initial: Credentials) {
  let stored = initial;
  let lock: Promise<unknown> = Promise.resolve();
  let refreshes = 0;
  const sessionFor = (): AccountSession => {
    const session: AccountSession = {
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
    };
    return session;
  };
  return { sessionFor, refreshes: () => refreshes };
}

describe('X reconciliation', () => {
  it('finds the post a publication made among the account’s recent posts, links and entities aside', async () => {
    const store = sharedStore(account.credentials);
    const since = Date.now();
    const text = 'Launch day & more: https://example.com/cars <today>';
    const published = await connector.publish(store.sessionFor(), { publicationId: randomUUID(), text, media: [] });

    const found = await connector.findPublished?.(store.sessionFor(), { publicationId: randomUUID(), text, since });
    expect(found).toEqual(published);
    expect(comparableText('Launch day &amp; more: https://t.co/abc &lt;today&gt; https://t.co/media')).toBe(
      comparableText(text),
    );
  });

  it('says "not there" when the account has no such post since the first attempt', async () => {
    const store = sharedStore(account.credentials);
    const before = Date.now() - 60 * 60_000;
    await connector.publish(store.sessionFor(), { publicationId: randomUUID(), text: 'Something else', media: [] });
    const found = await connector.findPublished?.(store.sessionFor(), {
      publicationId: randomUUID(),
      text: 'Never sent',
      since: before,
    });
    expect(found).toBeUndefined();
  });

  it('renews expired tokens once across processes: the others adopt the renewed ones', async () => {
    const store = sharedStore(account.credentials);
    emulator.faults.expireAllTokens();
    const results = await Promise.all(
      ['one', 'two', 'three', 'four'].map((word) =>
        connector.publish(store.sessionFor(), { publicationId: randomUUID(), text: `Parallel ${word}`, media: [] }),
      ),
    );
    expect(results).toHaveLength(4);
    // X rotates refresh tokens: a second refresh with the old one would have been refused
    expect(store.refreshes()).toBe(1);
  });

  it('renews again when the tokens it adopted stop working too', async () => {
    const store = sharedStore(account.credentials);
    const first = store.sessionFor();
    emulator.faults.expireAllTokens();
    await connector.publish(store.sessionFor(), { publicationId: randomUUID(), text: 'Renewed here', media: [] });
    // the renewed tokens expire as well before the first session (still holding the old ones) posts
    emulator.faults.expireAllTokens();
    await connector.publish(first, { publicationId: randomUUID(), text: 'Adopted, then renewed', media: [] });
    expect(store.refreshes()).toBe(2);
  });
});
