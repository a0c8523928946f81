import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createXEmulator, type XEmulator } from './emulator.js';
import {
  ALL_CRIER_SCOPES,
  authorizeQuery,
  bearer,
  connectSandboxUser,
  createPkcePair,
  FORM,
  submitConsent,
} from './testing.js';

const PUBLIC_CLIENT = { clientId: 'crier-public', redirectUris: ['http://localhost:3000/connect/x/callback'] };
const CONFIDENTIAL_CLIENT = {
  clientId: 'crier-confidential',
  clientSecret: 's3cret',
  redirectUris: ['http://localhost:3000/callback?flow=x'],
};
const REDIRECT = PUBLIC_CLIENT.redirectUris[0] as string;

let clock: number;
let emulator: XEmulator;

beforeEach(() => {
  clock = Date.parse('2026-05-01T10:00:00Z');
  emulator = createXEmulator({
    publicUrl: 'http://127.0.0.1:4010',
    clients: [PUBLIC_CLIENT, CONFIDENTIAL_CLIENT],
    users: [{ username: 'crier_demo', name: 'Crier Demo' }],
    now: () => clock,
  });
});

afterEach(async () => {
  await emulator.app.close();
});

const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  emulator.app.inject({
    method: 'POST',
    url: '/2/oauth2/token',
    headers: { ...FORM, ...headers },
    payload: new URLSearchParams(form).toString(),
  });

describe('authorization page', () => {
  it('shows a labelled sandbox consent form with stable controls', async () => {
    const query = authorizeQuery({ ...PUBLIC_CLIENT, redirectUri: REDIRECT, pkce: createPkcePair() });
    const page = await emulator.app.inject({ method: 'GET', url: `/i/oauth2/authorize?${query}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('X sandbox — local emulator');
    for (const control of ['id="username"', 'id="authorize"', 'id="cancel"', 'data-testid="username"']) {
      expect(page.body).toContain(control);
    }
    expect(page.body).toContain('crier_demo');
    expect(page.body).toContain('tweet.write');
  });

  it('shows an error page and never redirects for an unknown client or a callback that is not registered', async () => {
    const pkce = createPkcePair();
    const unknownClient = authorizeQuery({ clientId: 'nobody', redirectUri: REDIRECT, pkce });
    const wrongCallback = authorizeQuery({ ...PUBLIC_CLIENT, redirectUri: `${REDIRECT}/evil`, pkce });
    for (const query of [unknownClient, wrongCallback]) {
      const page = await emulator.app.inject({ method: 'GET', url: `/i/oauth2/authorize?${query}` });
      expect(page.statusCode).toBe(400);
      expect(page.headers.location).toBeUndefined();
    }
  });

  it('sends request errors back to the registered callback with the state', async () => {
    const query = authorizeQuery({ ...PUBLIC_CLIENT, redirectUri: REDIRECT, pkce: createPkcePair(), state: 'abc' });
    query.set('scope', 'tweet.read not.a.scope');
    const answer = await emulator.app.inject({ method: 'GET', url: `/i/oauth2/authorize?${query}` });
    expect(answer.statusCode).toBe(302);
    const location = new URL(String(answer.headers.location));
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('state')).toBe('abc');
  });

  it('answers Cancel with access_denied', async () => {
    const query = authorizeQuery({ ...PUBLIC_CLIENT, redirectUri: REDIRECT, pkce: createPkcePair(), state: 'xyz' });
    const callback = await submitConsent(emulator.app, query, 'crier_demo', 'cancel');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('xyz');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('refuses an invalid username on the form without redirecting', async () => {
    const query = authorizeQuery({ ...PUBLIC_CLIENT, redirectUri: REDIRECT, pkce: createPkcePair() });
    const form = new URLSearchParams(query);
    form.set('username', 'not a valid name!');
    form.set('decision', 'authorize');
    const answer = await emulator.app.inject({
      method: 'POST',
      url: '/i/oauth2/authorize',
      headers: FORM,
      payload: form.toString(),
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('data-testid="error"');
  });
});

describe('token endpoint', () => {
  it('runs the whole flow with S256 and the token reads /2/users/me', async () => {
    const tokens = await connectSandboxUser(emulator.app, {
      ...PUBLIC_CLIENT,
      redirectUri: REDIRECT,
      username: 'alice',
    });
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: ALL_CRIER_SCOPES.join(' ') });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const me = await emulator.app.inject({ method: 'GET', url: '/2/users/me', headers: bearer(tokens.access_token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ data: { id: expect.stringMatching(/^\d{1,19}$/), name: 'alice', username: 'alice' } });
  });

  it('accepts the plain PKCE method', async () => {
    const tokens = await connectSandboxUser(emulator.app, {
      ...PUBLIC_CLIENT,
      redirectUri: REDIRECT,
      username: 'plain_user',
      codeChallengeMethod: 'plain',
    });
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it('refuses a code_verifier that does not match the challenge, and a code used twice', async () => {
    const pkce = createPkcePair();
    const query = authorizeQuery({ ...PUBLIC_CLIENT, redirectUri: REDIRECT, pkce });
    const code = (await submitConsent(emulator.app, query, 'alice')).searchParams.get('code') ?? '';
    const exchange = (verifier: string) =>
      tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: PUBLIC_CLIENT.clientId,
      });
    const wrong = await exchange(createPkcePair().verifier);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'invalid_grant' });
    // The failed attempt used the code up, as X does: even the right verifier is now refused.
    const retried = await exchange(pkce.verifier);
    expect(retried.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an expired authorization code', async () => {
    const pkce = createPkcePair();
    const query = authorizeQuery({ ...PUBLIC_CLIENT, redirectUri: REDIRECT, pkce });
    const code = (await submitConsent(emulator.app, query, 'alice')).searchParams.get('code') ?? '';
    clock += 31_000;
    const answer = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce.verifier,
      client_id: PUBLIC_CLIENT.clientId,
    });
    expect(answer.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('makes confidential clients authenticate with HTTP Basic', async () => {
    const redirectUri = CONFIDENTIAL_CLIENT.redirectUris[0] as string;
    const pkce = createPkcePair();
    const query = authorizeQuery({ clientId: CONFIDENTIAL_CLIENT.clientId, redirectUri, pkce });
    const callback = await submitConsent(emulator.app, query, 'alice');
    expect(callback.searchParams.get('flow')).toBe('x');
    const form = {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    };
    const withoutBasic = await tokenRequest({ ...form, client_id: CONFIDENTIAL_CLIENT.clientId });
    expect(withoutBasic.statusCode).toBe(401);
    expect(withoutBasic.json()).toMatchObject({ error: 'unauthorized_client' });

    const callbackAgain = await submitConsent(emulator.app, query, 'alice');
    const basic = Buffer.from(`${CONFIDENTIAL_CLIENT.clientId}:${CONFIDENTIAL_CLIENT.clientSecret}`).toString('base64');
    const answer = await tokenRequest(
      { ...form, code: callbackAgain.searchParams.get('code') ?? '' },
      { authorization: `Basic ${basic}` },
    );
    expect(answer.statusCode).toBe(200);
    const wrongSecret = Buffer.from(`${CONFIDENTIAL_CLIENT.clientId}:nope`).toString('base64');
    const refused = await tokenRequest(form, { authorization: `Basic ${wrongSecret}` });
    expect(refused.statusCode).toBe(401);
  });

  it('issues a refresh token only with offline.access, and rotates it on use', async () => {
    const withoutOffline = await connectSandboxUser(emulator.app, {
      ...PUBLIC_CLIENT,
      redirectUri: REDIRECT,
      username: 'alice',
      scopes: ['tweet.read', 'users.read'],
    });
    expect(withoutOffline.refresh_token).toBeUndefined();

    const tokens = await connectSandboxUser(emulator.app, {
      ...PUBLIC_CLIENT,
      redirectUri: REDIRECT,
      username: 'alice',
    });
    const refresh = (token: string) =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: token, client_id: PUBLIC_CLIENT.clientId });
    const first = await refresh(tokens.refresh_token ?? '');
    expect(first.statusCode).toBe(200);
    expect(first.json().refresh_token).not.toBe(tokens.refresh_token);
    const reused = await refresh(tokens.refresh_token ?? '');
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('lets access tokens expire after two hours, and after revocation', async () => {
    const tokens = await connectSandboxUser(emulator.app, {
      ...PUBLIC_CLIENT,
      redirectUri: REDIRECT,
      username: 'alice',
    });
    const me = () => emulator.app.inject({ method: 'GET', url: '/2/users/me', headers: bearer(tokens.access_token) });
    clock += 7_199_000;
    expect((await me()).statusCode).toBe(200);
    clock += 2_000;
    const expired = await me();
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual({ type: 'about:blank', title: 'Unauthorized', detail: 'Unauthorized', status: 401 });

    const fresh = await connectSandboxUser(emulator.app, {
      ...PUBLIC_CLIENT,
      redirectUri: REDIRECT,
      username: 'alice',
    });
    const revoke = await emulator.app.inject({
      method: 'POST',
      url: '/2/oauth2/revoke',
      headers: FORM,
      payload: new URLSearchParams({ token: fresh.access_token, client_id: PUBLIC_CLIENT.clientId }).toString(),
    });
    expect(revoke.json()).toEqual({ revoked: true });
    const afterRevoke = await emulator.app.inject({
      method: 'GET',
      url: '/2/users/me',
      headers: bearer(fresh.access_token),
    });
    expect(afterRevoke.statusCode).toBe(401);
  });

  it('answers 401 without a token or with an unknown one', async () => {
    expect((await emulator.app.inject({ method: 'GET', url: '/2/users/me' })).statusCode).toBe(401);
    const unknown = await emulator.app.inject({ method: 'GET', url: '/2/users/me', headers: bearer('made-up') });
    expect(unknown.statusCode).toBe(401);
  });
});
