import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createXEmulator, type XEmulator } from './emulator.js';
import { bearer, connectSandboxUser } from './testing.js';

const CLIENT = { clientId: 'crier', redirectUris: ['http://localhost:3000/cb'] };
const REDIRECT = 'http://localhost:3000/cb';

let clock: number;
let emulator: XEmulator;
let token: string;

beforeEach(async () => {
  clock = Date.parse('2026-05-01T10:00:00Z');
  emulator = createXEmulator({
    publicUrl: 'http://127.0.0.1:4010',
    clients: [CLIENT],
    now: () => clock,
    rateLimits: { 'POST /2/tweets': { limit: 3, windowMs: 15 * 60_000 } },
  });
  token = (await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'alice' }))
    .access_token;
});

afterEach(async () => {
  await emulator.app.close();
});

const post = (body: unknown, accessToken = token) =>
  emulator.app.inject({ method: 'POST', url: '/2/tweets', headers: bearer(accessToken), payload: body as object });

describe('POST /2/tweets', () => {
  it('creates a post and answers 201 with id, text and edit history', async () => {
    const answer = await post({ text: 'Hello from the sandbox https://example.com 日本語のテキスト' });
    expect(answer.statusCode).toBe(201);
    const { data } = answer.json();
    expect(data).toMatchObject({ id: expect.stringMatching(/^\d{1,19}$/), text: expect.stringContaining('日本語') });
    expect(data.edit_history_tweet_ids).toEqual([data.id]);
    expect(emulator.state.listPosts()).toHaveLength(1);
  });

  it('refuses the same text twice from the same user with X duplicate-content 403', async () => {
    await post({ text: 'Only once' });
    const again = await post({ text: 'Only once' });
    expect(again.statusCode).toBe(403);
    expect(again.json()).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      detail: 'You are not allowed to create a Tweet with duplicate content.',
      status: 403,
    });
    const otherUser = await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'bob' });
    expect((await post({ text: 'Only once' }, otherUser.access_token)).statusCode).toBe(201);
  });

  it('refuses text over 280 weighted characters (CJK counts double)', async () => {
    expect((await post({ text: 'あ'.repeat(140) })).statusCode).toBe(201);
    expect((await post({ text: 'い'.repeat(141) })).statusCode).toBe(403);
  });

  it('checks bodies against the OpenAPI document: unknown field, wrong type, id pattern', async () => {
    const answer = await post({ text: 42, mood: 'happy', media: { media_ids: ['not-a-number'] } });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    const problem = answer.json();
    expect(problem).toMatchObject({
      type: 'https://api.x.com/2/problems/invalid-request',
      title: 'Invalid Request',
      status: 400,
    });
    const parameters = problem.errors.map((error: { parameter: string }) => error.parameter).sort();
    expect(parameters).toEqual(['$.media.media_ids[0]', '$.mood', '$.text']);
    expect(emulator.state.listPosts()).toHaveLength(0);
  });

  it('refuses an empty post and media ids that do not exist', async () => {
    expect((await post({ text: '' })).statusCode).toBe(400);
    const answer = await post({ text: 'with ghost media', media: { media_ids: ['1234567890'] } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors[0].message).toBe('Your media IDs are invalid.');
  });

  it('checks the scopes the OpenAPI security lists for the operation', async () => {
    const readOnly = await connectSandboxUser(emulator.app, {
      ...CLIENT,
      redirectUri: REDIRECT,
      username: 'reader',
      scopes: ['tweet.read', 'users.read'],
    });
    const answer = await post({ text: 'no write scope' }, readOnly.access_token);
    expect(answer.statusCode).toBe(403);
    expect(answer.json().detail).toContain('tweet.write');
    const me = await emulator.app.inject({ method: 'GET', url: '/2/users/me', headers: bearer(readOnly.access_token) });
    expect(me.statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  it('puts the per-user window in headers on every answer and answers 429 with the v1 body', async () => {
    const first = await post({ text: 'one' });
    expect(first.headers['x-rate-limit-limit']).toBe('3');
    expect(first.headers['x-rate-limit-remaining']).toBe('2');
    const reset = Number(first.headers['x-rate-limit-reset']);
    expect(reset).toBe(Math.ceil((clock + 15 * 60_000) / 1000));
    await post({ text: 'two' });
    // An error answer still counts and still carries the headers.
    const duplicate = await post({ text: 'two' });
    expect(duplicate.headers['x-rate-limit-remaining']).toBe('0');
    const limited = await post({ text: 'four' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ errors: [{ code: 88, message: 'Rate limit exceeded' }] });
    expect(limited.headers['x-rate-limit-reset']).toBe(String(reset));

    const bob = await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'bob' });
    expect((await post({ text: 'bob has his own window' }, bob.access_token)).statusCode).toBe(201);

    clock += 15 * 60_000;
    expect((await post({ text: 'a new window' })).statusCode).toBe(201);
  });
});

describe('reading and deleting', () => {
  it('returns a post with requested fields and expansions', async () => {
    const { data } = (await post({ text: 'read me' })).json();
    const answer = await emulator.app.inject({
      method: 'GET',
      url: `/2/tweets/${data.id}?post.fields=created_at,public_metrics&expansions=author_id`,
      headers: bearer(token),
    });
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.data).toMatchObject({ id: data.id, text: 'read me', created_at: expect.any(String) });
    expect(body.data.public_metrics.like_count).toBe(0);
    expect(body.includes.users[0].username).toBe('alice');
  });

  it('answers a missing post with 200 and a resource-not-found entry, like X', async () => {
    const answer = await emulator.app.inject({ method: 'GET', url: '/2/tweets/1234', headers: bearer(token) });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().errors[0]).toMatchObject({
      type: 'https://api.x.com/2/problems/resource-not-found',
      resource_id: '1234',
    });
  });

  it('refuses query parameters and path ids the document does not allow', async () => {
    const unknownParameter = await emulator.app.inject({
      method: 'GET',
      url: '/2/tweets/1234?tweet.fields=created_at',
      headers: bearer(token),
    });
    expect(unknownParameter.statusCode).toBe(400);
    expect(unknownParameter.json().errors[0].parameters).toEqual({ 'tweet.fields': ['created_at'] });
    const badEnum = await emulator.app.inject({
      method: 'GET',
      url: '/2/tweets/1234?post.fields=created_at,colour',
      headers: bearer(token),
    });
    expect(badEnum.json().errors[0].message).toContain('post.fields');
    const badId = await emulator.app.inject({ method: 'DELETE', url: '/2/tweets/abc', headers: bearer(token) });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].parameter).toBe('id');
  });

  it('deletes own posts only', async () => {
    const { data } = (await post({ text: 'short-lived' })).json();
    const bob = await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'bob' });
    const byBob = await emulator.app.inject({
      method: 'DELETE',
      url: `/2/tweets/${data.id}`,
      headers: bearer(bob.access_token),
    });
    expect(byBob.statusCode).toBe(403);
    const byAlice = await emulator.app.inject({
      method: 'DELETE',
      url: `/2/tweets/${data.id}`,
      headers: bearer(token),
    });
    expect(byAlice.json()).toEqual({ data: { deleted: true } });
    expect(emulator.state.listPosts()).toHaveLength(0);
  });

  it('serves a permalink page, and a 404 page for unknown posts', async () => {
    const { data } = (await post({ text: 'See <this> & that' })).json();
    const page = await emulator.app.inject({ method: 'GET', url: `/alice/status/${data.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('See &lt;this&gt; &amp; that');
    expect(page.body).toContain('X sandbox — local emulator');
    expect((await emulator.app.inject({ method: 'GET', url: `/bob/status/${data.id}` })).statusCode).toBe(404);
    expect((await emulator.app.inject({ method: 'GET', url: '/alice/status/999' })).statusCode).toBe(404);
  });

  it('answers unknown API paths with a 404 problem', async () => {
    const answer = await emulator.app.inject({ method: 'GET', url: '/2/no/such/thing', headers: bearer(token) });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
});
