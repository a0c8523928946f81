import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followThreadsConsent, type RunningThreadsEmulator, startThreadsEmulator } from './harness.js';
import { connectThreadsUser, graph, TEST_CLIENT, TEST_REDIRECT } from './testing.js';

const DAY = 24 * 60 * 60_000;
let clock: number;
let emulator: RunningThreadsEmulator;

beforeEach(async () => {
  clock = Date.parse('2026-06-01T09:00:00Z');
  emulator = await startThreadsEmulator({ clients: [TEST_CLIENT], now: () => clock });
});
afterEach(async () => {
  await emulator.close();
});

function authorizeUrl(params: Record<string, string> = {}): string {
  const url = new URL(emulator.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: TEST_CLIENT.clientId,
    redirect_uri: TEST_REDIRECT,
    scope: 'threads_basic,threads_content_publish',
    response_type: 'code',
    state: 'xyz',
    ...params,
  }).toString();
  return url.toString();
}

describe('Threads OAuth', () => {
  it('shows an error page, never a redirect, for an unknown app or redirect URI', async () => {
    expect((await fetch(authorizeUrl({ client_id: 'nope' }))).status).toBe(400);
    expect((await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }))).status).toBe(400);
  });

  it('sends unknown scopes back to the app as an error', async () => {
    const answer = await fetch(authorizeUrl({ scope: 'threads_basic,threads_everything' }), { redirect: 'manual' });
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.searchParams.get('error_description')).toContain('threads_everything');
  });

  it('returns the code with the state and a #_ fragment, and exchanges it once for a short-lived token', async () => {
    const callback = await followThreadsConsent(authorizeUrl(), 'crier.demo');
    expect(callback.hash).toBe('#_');
    expect(callback.searchParams.get('state')).toBe('xyz');
    const form = {
      client_id: TEST_CLIENT.clientId,
      client_secret: TEST_CLIENT.clientSecret,
      code: callback.searchParams.get('code') ?? '',
      grant_type: 'authorization_code',
      redirect_uri: TEST_REDIRECT,
    };
    const response = await fetch(`${emulator.baseUrl}/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams(form),
    });
    const text = await response.text();
    // user_id is a bare JSON number, as Meta writes it: too long for a double, so read the id from /me.
    expect(text).toMatch(/"user_id":\d{17,}/);
    const again = await graph(emulator, 'POST', '/oauth/access_token', form);
    expect(again.body.error).toMatchObject({ code: 100, type: 'OAuthException' });
  });

  it('refuses a wrong client secret with Graph error 1', async () => {
    const callback = await followThreadsConsent(authorizeUrl(), 'crier.demo');
    const answer = await graph(emulator, 'POST', '/oauth/access_token', {
      client_id: TEST_CLIENT.clientId,
      client_secret: 'wrong',
      code: callback.searchParams.get('code') ?? '',
      grant_type: 'authorization_code',
      redirect_uri: TEST_REDIRECT,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 1, message: 'Error validating client secret.' });
  });

  it('exchanges a short-lived token for a 60-day one, refreshable after 24 hours', async () => {
    const { shortToken, longToken } = await connectThreadsUser(emulator, 'crier.demo');
    expect(longToken).not.toBe(shortToken);
    const early = await graph(emulator, 'GET', '/refresh_access_token', {
      grant_type: 'th_refresh_token',
      access_token: longToken,
    });
    expect(early.body.error?.message).toContain('24 hours');
    clock += DAY + 1000;
    const refreshed = await graph(emulator, 'GET', '/refresh_access_token', {
      grant_type: 'th_refresh_token',
      access_token: longToken,
    });
    expect(refreshed.body).toMatchObject({ token_type: 'bearer', expires_in: 60 * 24 * 60 * 60 });
    // The short-lived token ran out after an hour.
    const expired = await graph(emulator, 'GET', '/v1.0/me', { fields: 'id' }, shortToken);
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('cannot refresh a long-lived token that has expired: the person must connect again', async () => {
    const { longToken } = await connectThreadsUser(emulator, 'crier.demo');
    clock += 61 * DAY;
    const answer = await graph(emulator, 'GET', '/refresh_access_token', {
      grant_type: 'th_refresh_token',
      access_token: longToken,
    });
    expect(answer.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('tells a missing, unknown and revoked token apart', async () => {
    expect((await graph(emulator, 'GET', '/v1.0/me')).body.error?.code).toBe(104);
    expect((await graph(emulator, 'GET', '/v1.0/me', {}, 'THnotatoken')).body.error?.code).toBe(190);
    const { longToken, userId } = await connectThreadsUser(emulator, 'crier.demo');
    emulator.state.revokeUserTokens(userId);
    expect((await graph(emulator, 'GET', '/v1.0/me', {}, longToken)).body.error?.code).toBe(190);
  });

  it('accepts the token as a query parameter and as a Bearer header, with or without /v1.0', async () => {
    const { longToken } = await connectThreadsUser(emulator, 'crier.demo');
    const viaQuery = await graph(emulator, 'GET', '/me', { fields: 'id,username', access_token: longToken });
    const viaHeader = await graph(emulator, 'GET', '/v1.0/me', { fields: 'id,username' }, longToken);
    expect(viaQuery.body).toEqual(viaHeader.body);
    expect(viaHeader.body.username).toBe('crier.demo');
  });
});
