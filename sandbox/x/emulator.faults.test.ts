import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createXEmulator, type XEmulator } from './emulator.js';
import { OpenApiCatalog } from './openapi-catalog.js';
import { OpenApiValidator } from './openapi-validator.js';
import { bearer, connectSandboxUser } from './testing.js';

const CLIENT = { clientId: 'crier', redirectUris: ['http://localhost:3000/cb'] };
const REDIRECT = 'http://localhost:3000/cb';

let emulator: XEmulator;
let token: string;

beforeEach(async () => {
  emulator = createXEmulator({ publicUrl: 'http://127.0.0.1:4010', clients: [CLIENT] });
  token = (await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'alice' }))
    .access_token;
});

afterEach(async () => {
  await emulator.app.close();
});

const me = () => emulator.app.inject({ method: 'GET', url: '/2/users/me', headers: bearer(token) });
const post = (text: string) =>
  emulator.app.inject({ method: 'POST', url: '/2/tweets', headers: bearer(token), payload: { text } });

describe('fault switches', () => {
  it('answers the next N matching requests with 429 and a reset header, then recovers', async () => {
    emulator.faults.inject({ kind: 'rate_limit', count: 2, path: '/2/tweets', resetInSeconds: 120 });
    const before = Math.ceil(Date.now() / 1000);
    expect((await me()).statusCode).toBe(200);
    const limited = await post('first');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ errors: [{ code: 88, message: 'Rate limit exceeded' }] });
    expect(limited.headers['x-rate-limit-remaining']).toBe('0');
    expect(Number(limited.headers['x-rate-limit-reset'])).toBeGreaterThanOrEqual(before + 120);
    expect((await post('second')).statusCode).toBe(429);
    expect((await post('third')).statusCode).toBe(201);
  });

  it('injects 5xx problems and 401s as if the token had expired', async () => {
    emulator.faults.inject({ kind: 'server_error', status: 502 });
    const failed = await me();
    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toMatchObject({ title: 'Bad Gateway', status: 502 });
    emulator.faults.inject({ kind: 'unauthorized', method: 'POST' });
    expect((await me()).statusCode).toBe(200);
    expect((await post('after a 401')).statusCode).toBe(401);
    expect(emulator.state.listPosts().map((item) => item.text)).toEqual([]);
  });

  it('expires every access token at once; refresh tokens keep working', async () => {
    emulator.faults.expireAllTokens();
    expect((await me()).statusCode).toBe(401);
  });

  it('is driven over HTTP too: POST, GET and DELETE /_emulator/faults, GET /_emulator/posts', async () => {
    const created = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/faults',
      payload: { kind: 'server_error', status: 503, path: '/2/users/*', count: 1 },
    });
    expect(created.statusCode).toBe(201);
    const listed = await emulator.app.inject({ method: 'GET', url: '/_emulator/faults' });
    expect(listed.json().faults).toHaveLength(1);
    expect((await me()).statusCode).toBe(503);

    await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/faults',
      payload: { kind: 'unauthorized', count: 5 },
    });
    await emulator.app.inject({ method: 'POST', url: '/_emulator/faults', payload: { kind: 'latency', ms: 5 } });
    expect((await emulator.app.inject({ method: 'DELETE', url: '/_emulator/faults' })).statusCode).toBe(204);
    expect((await me()).statusCode).toBe(200);

    const invalid = await emulator.app.inject({ method: 'POST', url: '/_emulator/faults', payload: { kind: 'boom' } });
    expect(invalid.statusCode).toBe(400);

    await emulator.app.inject({ method: 'POST', url: '/_emulator/faults', payload: { kind: 'expire_tokens' } });
    expect((await me()).statusCode).toBe(401);

    const fresh = await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'alice' });
    token = fresh.access_token;
    await post('listed');
    const posts = await emulator.app.inject({ method: 'GET', url: '/_emulator/posts' });
    expect(posts.json().posts).toMatchObject([{ text: 'listed', username: 'alice' }]);
  });

  it('adds latency to matching requests', async () => {
    emulator.faults.setLatency(150, { path: '/2/users/me' });
    const started = performance.now();
    await me();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('timeouts over real HTTP', () => {
  it('holds a request until the client gives up, with or without processing it first', async () => {
    const address = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
    const send = (text: string) =>
      fetch(`${address}/2/tweets`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(300),
      });

    emulator.faults.inject({ kind: 'timeout', path: '/2/tweets' });
    await expect(send('never processed')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(emulator.state.listPosts()).toHaveLength(0);

    emulator.faults.inject({ kind: 'timeout', path: '/2/tweets', afterProcessing: true });
    await expect(send('processed, answer lost')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(emulator.state.listPosts().map((item) => item.text)).toEqual(['processed, answer lost']);

    expect((await send('answered')).status).toBe(201);
  });
});

describe('state file', () => {
  it('keeps users, tokens and posts across a restart', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'x-emulator-'));
    try {
      const stateFile = path.join(folder, 'x-state.json');
      const first = createXEmulator({ publicUrl: 'http://127.0.0.1:4010', clients: [CLIENT], stateFile });
      const tokens = await connectSandboxUser(first.app, { ...CLIENT, redirectUri: REDIRECT, username: 'keeper' });
      await first.app.inject({
        method: 'POST',
        url: '/2/tweets',
        headers: bearer(tokens.access_token),
        payload: { text: 'kept' },
      });
      await first.app.close();

      const second = createXEmulator({ publicUrl: 'http://127.0.0.1:4010', clients: [CLIENT], stateFile });
      const meAgain = await second.app.inject({
        method: 'GET',
        url: '/2/users/me',
        headers: bearer(tokens.access_token),
      });
      expect(meAgain.json().data.username).toBe('keeper');
      expect(second.state.listPosts().map((item) => item.text)).toEqual(['kept']);
      await second.app.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('OpenAPI document', () => {
  it('starts fast and compiles a validator for every operation in the document', async () => {
    const started = performance.now();
    const quick = createXEmulator({ publicUrl: 'http://127.0.0.1:4010', clients: [CLIENT] });
    await quick.app.ready();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(quick.apiVersion).toBe('2.167');
    await quick.app.close();

    const catalog = OpenApiCatalog.fromFile();
    const validator = new OpenApiValidator(catalog);
    const operations = catalog.listOperations();
    expect(operations.length).toBeGreaterThan(150);
    for (const operation of operations) expect(() => validator.compile(operation)).not.toThrow();
  });
});
