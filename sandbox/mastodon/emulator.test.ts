import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { multipartPayload, TINY_GIF } from '../x/testing.js';
import { createMastodonEmulator } from './emulator.js';

const REDIRECT = 'http://localhost:3999/callback';
let clock = Date.parse('2026-11-26T10:00:00Z');
const emulator = createMastodonEmulator({
  publicUrl: 'http://mastodon.test',
  mediaProcessingMs: 1000,
  now: () => clock,
});
const { app } = emulator;
afterAll(() => app.close());

async function registerAndConnect(version?: { pkce: boolean }) {
  const registered = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      payload: { client_name: 'Test', redirect_uris: [REDIRECT], scopes: 'read write' },
    })
  ).json() as { client_id: string; client_secret: string };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const form = new URLSearchParams({
    response_type: 'code',
    client_id: registered.client_id,
    redirect_uri: REDIRECT,
    scope: 'read write',
    state: 's',
    username: 'tester',
    decision: 'authorize',
  });
  if (version?.pkce !== false) {
    form.set('code_challenge', challenge);
    form.set('code_challenge_method', 'S256');
  }
  const consent = await app.inject({
    method: 'POST',
    url: '/oauth/authorize',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  const code = new URL(String(consent.headers.location)).searchParams.get('code') ?? '';
  const exchange = (codeVerifier: string) =>
    app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: registered.client_id,
        client_secret: registered.client_secret,
        code_verifier: codeVerifier,
      }).toString(),
    });
  return { exchange, verifier };
}

describe('Mastodon emulator', () => {
  it('checks the PKCE verifier and answers tokens without expiry', async () => {
    const wrong = await registerAndConnect();
    expect((await wrong.exchange('not-the-verifier')).json()).toMatchObject({ error: 'invalid_grant' });
    const right = await registerAndConnect();
    const token = (await right.exchange(right.verifier)).json();
    expect(token).toMatchObject({ token_type: 'Bearer', scope: 'read write' });
    expect(token).not.toHaveProperty('expires_in');
    expect(token).not.toHaveProperty('refresh_token');
  });

  it('answers Mastodon’s error shape and ISO-8601 rate-limit resets', async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/v1/statuses', payload: { status: 'hi' } });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toEqual({ error: 'The access token is invalid' });
    expect(new Date(String(answer.headers['x-ratelimit-reset'])).toISOString()).toBe(
      answer.headers['x-ratelimit-reset'],
    );
    expect(answer.headers['x-ratelimit-limit']).toBe('300');
  });

  it('processes GIFs asynchronously: 202 with no url, 206 while processing, 200 when done', async () => {
    const { exchange, verifier } = await registerAndConnect();
    const { access_token: token } = (await exchange(verifier)).json() as { access_token: string };
    const auth = { authorization: `Bearer ${token}` };
    const upload = await multipartPayload({
      file: { bytes: TINY_GIF, fileName: 'a.gif', type: 'image/gif' },
      description: 'A dot',
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v2/media',
      headers: { ...auth, ...upload.headers },
      payload: upload.payload,
    });
    expect(created.statusCode).toBe(202);
    const { id, url } = created.json() as { id: string; url: string | null };
    expect(url).toBeNull();
    const early = await app.inject({
      method: 'POST',
      url: '/api/v1/statuses',
      headers: auth,
      payload: { media_ids: [id] },
    });
    expect(early.json()).toEqual({
      error: 'Cannot attach files that have not finished processing. Try again in a moment!',
    });
    expect((await app.inject({ url: `/api/v1/media/${id}`, headers: auth })).statusCode).toBe(206);
    clock += 1500;
    expect((await app.inject({ url: `/api/v1/media/${id}`, headers: auth })).statusCode).toBe(200);
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/statuses',
      headers: { ...auth, 'idempotency-key': 'k1' },
      payload: { status: 'With a GIF', media_ids: [id] },
    });
    expect(posted.statusCode).toBe(200);
    const repeated = await app.inject({
      method: 'POST',
      url: '/api/v1/statuses',
      headers: { ...auth, 'idempotency-key': 'k1' },
      payload: { status: 'With a GIF', media_ids: [id] },
    });
    expect(repeated.json().id).toBe(posted.json().id);
  });

  it('refuses what the community OpenAPI and the documentation both refuse', async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/v1/apps', payload: { client_name: 'No callback' } });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().error).toMatch(/redirect_uris is required/);
  });
});
