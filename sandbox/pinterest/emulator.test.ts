import { afterAll, describe, expect, it } from 'vitest';
import { createPinterestEmulator } from './emulator.js';

const CLIENT = { clientId: 'app', clientSecret: 'secret', redirectUris: ['http://localhost:3999/cb'] };
const emulator = createPinterestEmulator({ publicUrl: 'http://pinterest.test', clients: [CLIENT], users: ['brand'] });
const { app } = emulator;
afterAll(() => app.close());

const basic = `Basic ${Buffer.from('app:secret').toString('base64')}`;

async function accessToken(): Promise<string> {
  const consent = await app.inject({
    method: 'POST',
    url: '/oauth/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      client_id: 'app',
      redirect_uri: CLIENT.redirectUris[0] ?? '',
      response_type: 'code',
      scope: 'boards:read,boards:write,pins:read,pins:write,user_accounts:read',
      state: 's',
      username: 'brand',
      decision: 'authorize',
    }).toString(),
  });
  const code = new URL(String(consent.headers.location)).searchParams.get('code') ?? '';
  const token = await app.inject({
    method: 'POST',
    url: '/v5/oauth/token',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLIENT.redirectUris[0] ?? '',
    }).toString(),
  });
  return (token.json() as { access_token: string }).access_token;
}

describe('Pinterest emulator', () => {
  it('wants the app’s id and secret with HTTP Basic on the token endpoint', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/v5/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(answer.statusCode).toBe(401);
  });

  it('validates pins against Pinterest’s OpenAPI and answers {code, message}', async () => {
    const token = await accessToken();
    const boards = (await app.inject({ url: '/v5/boards', headers: { authorization: `Bearer ${token}` } })).json() as {
      items: Array<{ id: string }>;
    };
    const answer = await app.inject({
      method: 'POST',
      url: '/v5/pins',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        board_id: boards.items[0]?.id,
        title: 't'.repeat(101),
        media_source: { source_type: 'image_base64', content_type: 'image/gif', data: 'R0lGOD' },
      },
    });
    expect(answer.statusCode).toBe(400);
    const body = answer.json() as { code: number; message: string };
    expect(body.code).toBe(1);
    expect(body.message).toMatch(/\$\.title/);
    expect(answer.headers['x-ratelimit-remaining']).toBeDefined();
  });

  it('keeps rate-limit quota per x-ratelimit-category', async () => {
    const limited = createPinterestEmulator({
      publicUrl: 'http://pinterest.test',
      clients: [CLIENT],
      categoryLimits: { org_read: { limit: 1, windowMs: 60_000 } },
    });
    const first = await limited.app.inject({ url: '/v5/boards' });
    const second = await limited.app.inject({ url: '/v5/user_account' });
    expect(first.statusCode).toBe(401);
    expect(second.statusCode).toBe(429);
    expect(second.json()).toEqual({ code: 8, message: 'You have exceeded your rate limit. Try again later.' });
    await limited.app.close();
  });
});
