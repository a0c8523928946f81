import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningThreadsEmulator, startThreadsEmulator } from './harness.js';
import { connectThreadsUser, graph, TEST_CLIENT } from './testing.js';

let emulator: RunningThreadsEmulator;
let token: string;
let userId: string;

beforeEach(async () => {
  emulator = await startThreadsEmulator({ clients: [TEST_CLIENT] });
  ({ longToken: token, userId } = await connectThreadsUser(emulator, 'crier.demo'));
});
afterEach(async () => {
  await emulator.close();
});

const createText = () =>
  graph(emulator, 'POST', `/v1.0/${userId}/threads`, { media_type: 'TEXT', text: 'hello' }, token);

describe('fault switches', () => {
  it('answers 429 with Graph code 4, then works again', async () => {
    emulator.faults.inject({ kind: 'rate_limit', path: '/v1.0/*/threads', method: 'POST' });
    const limited = await createText();
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 4, is_transient: true });
    expect((await createText()).status).toBe(200);
  });

  it('answers 5xx with a transient Graph error', async () => {
    emulator.faults.inject({ kind: 'server_error', status: 503, count: 2 });
    expect((await createText()).body.error).toMatchObject({ code: 2, is_transient: true });
    expect((await createText()).status).toBe(503);
  });

  it('hangs a request until the client gives up; afterProcessing lets it take effect first', async () => {
    emulator.faults.inject({ kind: 'timeout', path: '/v1.0/*/threads', afterProcessing: true });
    const before = emulator.state.containers.size;
    await expect(
      fetch(`${emulator.baseUrl}/v1.0/${userId}/threads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: new URLSearchParams({ media_type: 'TEXT', text: 'lost answer' }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(emulator.state.containers.size).toBe(before + 1);
  });

  it('adds latency to matching requests', async () => {
    emulator.faults.setLatency(150, { path: '/v1.0/me' });
    const started = Date.now();
    await graph(emulator, 'GET', '/v1.0/me', {}, token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('expires every token at once (Graph 190/463) and can answer one call as unauthorized', async () => {
    emulator.faults.inject({ kind: 'unauthorized', count: 1 });
    expect((await graph(emulator, 'GET', '/v1.0/me', {}, token)).body.error).toMatchObject({
      code: 190,
      error_subcode: 463,
    });
    expect((await graph(emulator, 'GET', '/v1.0/me', {}, token)).status).toBe(200);
    emulator.state.expireAllTokens();
    expect((await graph(emulator, 'GET', '/v1.0/me', {}, token)).body.error).toMatchObject({
      code: 190,
      error_subcode: 463,
    });
  });

  it('switches faults over HTTP like the X emulator', async () => {
    const armed = await fetch(`${emulator.baseUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'drop_permission', username: 'crier.demo', scope: 'threads_content_publish' }),
    });
    expect(armed.status).toBe(201);
    expect((await createText()).body.error).toMatchObject({ code: 10 });
  });

  it('stops a user who spent the call budget (calls per impression × 10 impressions at least)', async () => {
    await emulator.close();
    emulator = await startThreadsEmulator({ clients: [TEST_CLIENT], callsPerImpression: 1 });
    ({ longToken: token } = await connectThreadsUser(emulator, 'crier.demo'));
    // connectThreadsUser spent one call on /me; the budget is 1 × 10 impressions.
    for (let call = 1; call < 10; call += 1)
      expect((await graph(emulator, 'GET', '/v1.0/me', {}, token)).status).toBe(200);
    const spent = await graph(emulator, 'GET', '/v1.0/me', {}, token);
    expect(spent.status).toBe(429);
    expect(spent.body.error).toMatchObject({ code: 17, message: '(#17) User request limit reached' });
  });
});
