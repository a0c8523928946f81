import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followConsent, type RunningYouTubeEmulator, startYouTubeEmulator } from './harness.js';
import { bearer, connectChannel, TEST_CLIENT, YOUTUBE_UPLOAD_SCOPE } from './testing.js';

let emulator: RunningYouTubeEmulator;

beforeEach(async () => {
  emulator = await startYouTubeEmulator({
    clients: [
      {
        clientId: TEST_CLIENT.clientId,
        clientSecret: TEST_CLIENT.clientSecret,
        redirectUris: [TEST_CLIENT.redirectUri],
      },
    ],
  });
});

afterEach(async () => {
  await emulator.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(emulator.authorizeUrl);
  const defaults = {
    client_id: TEST_CLIENT.clientId,
    redirect_uri: TEST_CLIENT.redirectUri,
    response_type: 'code',
    scope: YOUTUBE_UPLOAD_SCOPE,
    state: 's1',
    access_type: 'offline',
  };
  for (const [name, value] of Object.entries({ ...defaults, ...params })) url.searchParams.set(name, value);
  return url.toString();
}

describe('Google OAuth', () => {
  it('hands out a refresh token for offline access that keeps working (Google does not rotate it)', async () => {
    const tokens = await connectChannel(emulator.baseUrl, { username: 'crier_demo' });
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    const refresh = () =>
      fetch(
        emulator.tokenUrl,
        form({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token ?? '',
          client_id: TEST_CLIENT.clientId,
          client_secret: TEST_CLIENT.clientSecret,
        }),
      );
    const first = (await (await refresh()).json()) as { access_token: string; refresh_token?: string };
    expect(first.refresh_token).toBeUndefined();
    expect((await refresh()).status).toBe(200);
    const me = await fetch(`${emulator.baseUrl}/youtube/v3/channels?part=id&mine=true`, {
      headers: bearer(first.access_token),
    });
    expect(me.status).toBe(200);
  });

  it('gives no refresh token without access_type=offline', async () => {
    const tokens = await connectChannel(emulator.baseUrl, { username: 'crier_demo', offline: false });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('answers invalid_grant for a revoked refresh token, a reused code and a wrong PKCE verifier', async () => {
    const tokens = await connectChannel(emulator.baseUrl, { username: 'crier_demo' });
    expect((await fetch(`${emulator.baseUrl}/revoke`, form({ token: tokens.refresh_token ?? '' }))).status).toBe(200);
    const refused = await fetch(
      emulator.tokenUrl,
      form({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
      }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const callback = await followConsent(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
      'crier_demo',
    );
    const exchange = (codeVerifier: string) =>
      fetch(
        emulator.tokenUrl,
        form({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: TEST_CLIENT.redirectUri,
          client_id: TEST_CLIENT.clientId,
          client_secret: TEST_CLIENT.clientSecret,
          code_verifier: codeVerifier,
        }),
      );
    expect(await (await exchange('wrong')).json()).toMatchObject({ error: 'invalid_grant' });
    // The code was used up by the failed attempt.
    expect(await (await exchange(verifier)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('shows an error page, never a redirect, for an unknown client or callback; sends access_denied back on cancel', async () => {
    const unknownClient = await fetch(authorizeUrl({ client_id: 'nobody' }));
    expect(unknownClient.status).toBe(401);
    expect(await unknownClient.text()).toContain('invalid_client');
    const wrongCallback = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }));
    expect(wrongCallback.status).toBe(400);
    expect(await wrongCallback.text()).toContain('redirect_uri_mismatch');
    const cancelled = await followConsent(authorizeUrl({}), 'crier_demo', 'cancel');
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.searchParams.get('state')).toBe('s1');
  });

  it('refuses a wrong client secret', async () => {
    const answer = await fetch(
      emulator.tokenUrl,
      form({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: TEST_CLIENT.clientId,
        client_secret: 'wrong',
      }),
    );
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: 'invalid_client' });
  });
});
