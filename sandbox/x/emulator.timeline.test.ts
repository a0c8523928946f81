import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createXEmulator, type XEmulator } from './emulator.js';
import { bearer, connectSandboxUser } from './testing.js';

const CLIENT = { clientId: 'crier', redirectUris: ['http://localhost:3000/cb'] };
const REDIRECT = 'http://localhost:3000/cb';

let clock: number;
let emulator: XEmulator;
let token: string;
let userId: string;

beforeEach(async () => {
  clock = Date.parse('2026-05-01T10:00:00Z');
  emulator = createXEmulator({ clients: [CLIENT], now: () => clock });
  token = (await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'alice' }))
    .access_token;
  userId = emulator.state.findUserByUsername('alice')?.id ?? '';
});

afterEach(async () => {
  await emulator.app.close();
});

async function postAt(text: string, at: number): Promise<string> {
  clock = at;
  const answer = await emulator.app.inject({
    method: 'POST',
    url: '/2/tweets',
    headers: bearer(token),
    payload: { text },
  });
  return answer.json().data.id as string;
}

const timeline = (query: string, id = userId) =>
  emulator.app.inject({ method: 'GET', url: `/2/users/${id}/tweets?${query}`, headers: bearer(token) });

describe('GET /2/users/{id}/tweets', () => {
  it('lists the user’s posts newest first, from start_time, with X’s meta', async () => {
    const start = Date.parse('2026-05-01T10:00:00Z');
    await postAt('before the window', start);
    const second = await postAt('in the window', start + 60_000);
    const third = await postAt('also in the window', start + 120_000);

    const answer = await timeline(`start_time=${new Date(start + 30_000).toISOString()}&post.fields=created_at`);

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({
      data: [
        expect.objectContaining({ id: third, text: 'also in the window', created_at: '2026-05-01T10:02:00.000Z' }),
        expect.objectContaining({ id: second, text: 'in the window', created_at: '2026-05-01T10:01:00.000Z' }),
      ],
      meta: { result_count: 2, newest_id: third, oldest_id: second },
    });
    expect(answer.headers['x-rate-limit-limit']).toBe('900');
  });

  it('pages with next_token, and leaves data out of an empty page', async () => {
    const start = Date.parse('2026-05-01T10:00:00Z');
    const ids: string[] = [];
    for (let index = 0; index < 7; index += 1) ids.push(await postAt(`post ${index}`, start + index * 1000));

    const first = (await timeline('max_results=5')).json();
    expect(first.data.map((post: { id: string }) => post.id)).toEqual(ids.slice(2).reverse());
    expect(first.meta.next_token).toMatch(/^[0-9a-v]+$/);
    const second = (await timeline(`max_results=5&pagination_token=${first.meta.next_token}`)).json();
    expect(second.data.map((post: { id: string }) => post.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.meta.next_token).toBeUndefined();

    const empty = (await timeline(`start_time=${new Date(start + 3_600_000).toISOString()}`)).json();
    expect(empty).toEqual({ meta: { result_count: 0 } });
  });

  it('checks the query against the OpenAPI document and answers an unknown user as X does', async () => {
    expect((await timeline('max_results=500')).statusCode).toBe(400);
    expect((await timeline('pagination_token=%21%21')).statusCode).toBe(400);
    const missing = await timeline('', '1234567890');
    expect(missing.statusCode).toBe(200);
    expect(missing.json().errors[0]).toMatchObject({ title: 'Not Found Error', resource_type: 'user' });
  });
});
