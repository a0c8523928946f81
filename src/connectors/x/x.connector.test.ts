import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followConsent, type RunningXEmulator, startXEmulator } from '../../../sandbox/x/harness.js';
import { TINY_GIF, TINY_PNG } from '../../../sandbox/x/testing.js';
import type { AccountSession, ConnectedAccount, Connector, PublishMedia, PublishRequest } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes, singleAccount } from '../kit/testing.js';
import { createXConnector, type XConnectorOptions } from './x.connector.js';

const CLIENT_ID = 'crier-sandbox';
const REDIRECT = 'http://localhost:3000/connect/x/callback';

let emulator: RunningXEmulator;
let connector: Connector;
let account: ConnectedAccount;

beforeEach(async () => {
  emulator = await startXEmulator({
    clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT] }],
    mediaProcessingMs: 200,
  });
  connector = connectorWith();
  account = await connect(connector, 'crier_demo');
});

afterEach(async () => {
  await emulator.close();
});

function connectorWith(overrides: Partial<XConnectorOptions> = {}): Connector {
  return createXConnector({
    environment: 'sandbox',
    clientId: CLIENT_ID,
    apiBaseUrl: emulator.baseUrl,
    authorizeUrl: emulator.authorizeUrl,
    webUrl: emulator.baseUrl,
    timeoutMs: 5_000,
    ...overrides,
  });
}

async function connect(target: Connector, username: string): Promise<ConnectedAccount> {
  if (target.connect.kind !== 'oauth2') throw new Error('X connects with OAuth 2.0');
  const begun = await target.connect.begin({ redirectUri: REDIRECT, state: 'state-123' });
  const callback = await followConsent(begun.authorizeUrl, username);
  expect(callback.searchParams.get('state')).toBe('state-123');
  return singleAccount(
    await target.connect.complete({
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: begun.codeVerifier,
    }),
  );
}

/** A session like Crier's: saved credentials replace the ones the next call reads. */
function sessionOf(connected: ConnectedAccount) {
  const saved: ConnectedAccount[] = [];
  const session: AccountSession = {
    profile: connected.profile,
    credentials: connected.credentials,
    async saveCredentials(next) {
      saved.push(next);
      session.credentials = next.credentials;
    },
  };
  return { session, saved };
}

function image(bytes: Buffer, altText: string, mimeType = 'image/png'): PublishMedia {
  return mediaFromBytes(bytes, { altText, mimeType, fileName: 'image.png' });
}

function publication(text: string, media: PublishMedia[] = []): PublishRequest {
  return { publicationId: randomUUID(), text, media };
}

async function recordedPosts() {
  const answer = await fetch(`${emulator.baseUrl}/_emulator/posts`);
  return ((await answer.json()) as { posts: Array<{ id: string; text: string; media: Array<{ altText?: string }> }> })
    .posts;
}

describe('connect', () => {
  it('runs OAuth 2.0 with PKCE through the consent page and reads the account', () => {
    expect(account.profile).toEqual({
      remoteId: expect.stringMatching(/^\d{1,19}$/),
      handle: 'crier_demo',
      displayName: 'crier_demo',
      profileUrl: `${emulator.baseUrl}/crier_demo`,
    });
    expect(account.credentials).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      scope: 'tweet.read tweet.write users.read media.write offline.access',
    });
    expect(account.expiresAt).toBeGreaterThan(Date.now() + 7_100_000);
  });

  it('asks for S256 PKCE and the scopes Crier needs', async () => {
    if (connector.connect.kind !== 'oauth2') throw new Error('X connects with OAuth 2.0');
    const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 's' });
    const url = new URL(begun.authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('tweet.read tweet.write users.read media.write offline.access');
    expect(begun.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
  });

  it('classifies a refused code exchange as auth', async () => {
    if (connector.connect.kind !== 'oauth2') throw new Error('X connects with OAuth 2.0');
    const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 's' });
    const callback = await followConsent(begun.authorizeUrl, 'crier_demo');
    const refused = connector.connect.complete({
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: 'a-verifier-that-does-not-match-the-challenge-at-all-0123',
    });
    await expect(refused).rejects.toMatchObject({ errorClass: 'auth', networkCode: 'invalid_grant' });
  });
});

describe('validate', () => {
  it('counts like X: URLs weigh 23, CJK characters 2', () => {
    const withUrl = connector.validate({ text: `Read https://example.com/${'a'.repeat(200)}`, media: [] });
    expect(withUrl.measure.length).toBe(5 + 23);
    const cjk = connector.validate({ text: '日'.repeat(141), media: [] });
    expect(cjk.problems.map((problem) => problem.code)).toEqual(['text_too_long']);
  });
});

describe('publish', () => {
  it('publishes text with a URL and CJK text and returns the permalink', async () => {
    const { session, saved } = sessionOf(account);
    const text = '新しいモデルを発表しました 🚗 https://example.com/launch?utm_source=x';
    const result = await connector.publish(session, publication(text));
    expect(result.remoteId).toMatch(/^\d{1,19}$/);
    expect(result.permalink).toBe(`${emulator.baseUrl}/crier_demo/status/${result.remoteId}`);
    expect(await recordedPosts()).toMatchObject([{ id: result.remoteId, text }]);
    expect(saved).toHaveLength(0);
    const page = await fetch(result.permalink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('新しいモデルを発表しました');
  });

  it('uploads images, sets their alt text, and attaches them', async () => {
    const { session } = sessionOf(account);
    const result = await connector.publish(
      session,
      publication('Two pictures', [image(TINY_PNG, 'A red car'), image(TINY_PNG, '  ')]),
    );
    const posts = await recordedPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.id).toBe(result.remoteId);
    expect(posts[0]?.media.map((media) => media.altText)).toEqual(['A red car', undefined]);
  });

  it('waits for X to process an animated GIF before posting it', async () => {
    const { session } = sessionOf(account);
    await connector.publish(session, publication('A GIF', [image(TINY_GIF, 'Spinning wheel', 'image/gif')]));
    expect(emulator.state.listPosts()).toHaveLength(1);
  });

  it('refreshes an expired token first, saves the new credentials, then publishes', async () => {
    const expired = { ...account, credentials: { ...account.credentials, expiresAt: Date.now() - 1000 } };
    const { session, saved } = sessionOf(expired);
    await connector.publish(session, publication('After a refresh'));
    expect(saved).toHaveLength(1);
    expect(saved[0]?.credentials.accessToken).not.toBe(account.credentials.accessToken);
    expect(saved[0]?.credentials.refreshToken).not.toBe(account.credentials.refreshToken);
    expect(saved[0]?.profile).toEqual(account.profile);
    expect(emulator.state.listPosts()).toHaveLength(1);
  });

  it('refreshes once when X answers 401 to a token it thought valid, and repeats only that call', async () => {
    emulator.faults.expireAllTokens();
    const { session, saved } = sessionOf(account);
    await connector.publish(session, publication('After a 401', [image(TINY_PNG, 'alt')]));
    expect(saved).toHaveLength(1);
    expect(emulator.state.listPosts()).toHaveLength(1);
  });

  it('gives up with auth when X still answers 401 after the refresh', async () => {
    emulator.faults.inject({ kind: 'unauthorized', path: '/2/tweets', count: 2 });
    const { session, saved } = sessionOf(account);
    const failure = connector.publish(session, publication('Never'));
    await expect(failure).rejects.toMatchObject({ errorClass: 'auth', status: 401 });
    expect(saved).toHaveLength(1);
    expect(emulator.state.listPosts()).toHaveLength(0);
  });

  it('gives up with auth when the refresh token is refused', async () => {
    await connector.refresh(account.credentials); // rotates: the session's refresh token is now stale
    emulator.faults.expireAllTokens();
    const { session, saved } = sessionOf(account);
    const failure = connector.publish(session, publication('Never'));
    await expect(failure).rejects.toMatchObject({ errorClass: 'auth', networkCode: 'invalid_grant' });
    expect(saved).toHaveLength(0);
  });
});

describe('refresh', () => {
  it('returns new credentials and the same profile', async () => {
    const next = await connector.refresh(account.credentials);
    expect(next.profile).toEqual(account.profile);
    expect(next.credentials.accessToken).not.toBe(account.credentials.accessToken);
    expect(next.expiresAt).toBeGreaterThan(Date.now());
    await expect(connector.refresh(account.credentials)).rejects.toBeInstanceOf(ConnectorError);
    await expect(connector.refresh(account.credentials)).rejects.toMatchObject({ errorClass: 'auth' });
  });
});
