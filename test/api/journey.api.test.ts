import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followConsent } from '../../sandbox/x/harness.js';
import { createXConnector } from '../../src/connectors/x/x.connector.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { freePort } from '../support/ports.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';
import { type RunningXEmulator, sandboxXConnector, startTestXEmulator } from '../support/x-sandbox.js';

type TestCrier = Awaited<ReturnType<typeof startTestCrier>>;

/**
 * The HTTP API as a client sees it: owner setup, an X account connected through OAuth, posts
 * scheduled and published, and bad input of every kind answered with a clear error and nothing lost.
 */
describe('HTTP API', () => {
  const secretKey = randomBytes(32).toString('base64');
  let x: RunningXEmulator;
  let crier: TestCrier;
  let api: ApiClient;
  let workspaceId: string;
  let xAccountId: string;
  let closedPort: number;

  beforeAll(async () => {
    const port = await freePort();
    closedPort = await freePort();
    x = await startTestXEmulator(`http://localhost:${port}`);
    const unreachableX = createXConnector({
      environment: 'live',
      clientId: 'unused',
      apiBaseUrl: `http://127.0.0.1:${closedPort}`,
      authorizeUrl: `http://127.0.0.1:${closedPort}/authorize`,
      webUrl: 'https://x.test',
    });
    crier = await startTestCrier({
      connectors: [sandboxXConnector(x.baseUrl), unreachableX],
      port,
      secretKey,
      pollMs: 50,
    });
    api = new ApiClient(crier.baseUrl);
  });

  afterAll(async () => {
    await crier?.close();
    await x?.close();
  });

  it('serves health, OpenAPI and its docs', async () => {
    expect((await api.request('GET', '/api/health')).json).toMatchObject({ status: 'ok', database: 'sqlite' });
    const openapi = await api.request('GET', '/api/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/workspaces/{workspaceId}/posts',
        '/api/workspaces/{workspaceId}/posts/validate',
      ]),
    );
    expect((await api.request('GET', '/api/docs/')).status).toBe(200);
  });

  it('asks for the owner on first run, then refuses a second setup', async () => {
    expect((await api.request('GET', '/api/session')).json).toMatchObject({ code: 'unauthenticated' });
    expect((await api.request('GET', '/api/setup')).json).toEqual({ needsSetup: true });
    const weak = await api.request('POST', '/api/setup', {
      name: 'A',
      email: 'a@example.test',
      password: 'short',
      workspaceName: 'W',
      timeZone: 'Asia/Tokyo',
    });
    expect(weak).toMatchObject({ status: 400, json: { code: 'invalid_input' } });
    expect(weak.json.message).toContain('10 characters');

    workspaceId = await api.setup('Asia/Tokyo');
    expect((await api.request('GET', '/api/setup')).json).toEqual({ needsSetup: false });
    const again = await new ApiClient(crier.baseUrl).request('POST', '/api/setup', {
      name: 'B',
      email: 'b@example.test',
      password: 'another long password',
      workspaceName: 'W2',
      timeZone: 'UTC',
    });
    expect(again).toMatchObject({ status: 409, json: { code: 'conflict' } });
  });

  it('signs in and out, and keeps other people out of the workspace', async () => {
    const stranger = new ApiClient(crier.baseUrl);
    expect(
      (await stranger.request('POST', '/api/session', { email: 'owner@example.test', password: 'wrong password!' }))
        .status,
    ).toBe(401);
    expect((await stranger.request('GET', `/api/workspaces/${workspaceId}/accounts`)).status).toBe(401);

    const second = new ApiClient(crier.baseUrl);
    expect(
      (await second.request('POST', '/api/session', { email: 'OWNER@example.test', password: 'correct horse battery' }))
        .status,
    ).toBe(200);
    expect((await second.request('GET', '/api/workspaces/not-mine/accounts')).json).toMatchObject({
      code: 'not_found',
    });
    expect((await second.request('DELETE', '/api/session')).status).toBe(204);
    expect((await second.request('GET', '/api/session')).status).toBe(401);
  });

  it('connects a sandbox X account through OAuth with PKCE', async () => {
    const networks = await api.request('GET', '/api/networks');
    expect(networks.json.networks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ network: 'x', environment: 'sandbox', connect: { kind: 'oauth2' } }),
      ]),
    );
    const started = await api.request('POST', `/api/workspaces/${workspaceId}/accounts/oauth/start`, {
      network: 'x',
      environment: 'sandbox',
    });
    expect(started.status).toBe(200);
    const authorizeUrl = new URL(started.json.authorizeUrl);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');

    const callback = await followConsent(started.json.authorizeUrl, 'fizz_drinks');
    const back = await api.request('GET', `${callback.pathname}${callback.search}`);
    expect(back.status).toBe(302);
    const landing = new URL(back.headers.get('location') ?? '', crier.baseUrl);
    expect(landing.pathname).toBe('/accounts');
    xAccountId = landing.searchParams.get('connected') ?? '';

    const accounts = (await api.request('GET', `/api/workspaces/${workspaceId}/accounts`)).json.accounts;
    expect(accounts).toEqual([
      expect.objectContaining({
        id: xAccountId,
        network: 'x',
        environment: 'sandbox',
        handle: 'fizz_drinks',
        state: 'connected',
      }),
    ]);

    const replay = await api.request('GET', `${callback.pathname}${callback.search}`);
    expect(decodeURIComponent(replay.headers.get('location') ?? '')).toContain('expired or was already used');
  });

  it('counts X text as X does and reports every problem at once', async () => {
    const longJapanese = 'あ'.repeat(141);
    const report = await api.request('POST', `/api/workspaces/${workspaceId}/posts/validate`, {
      text: `${longJapanese} https://example.com/a/very/long/path/that/still/counts/as/twenty-three`,
      accountIds: [xAccountId],
    });
    expect(report.status).toBe(200);
    const [variant] = report.json.variants;
    expect(variant.measure).toEqual({ length: 141 * 2 + 1 + 23, limit: 280 });
    expect(variant.problems).toEqual([expect.objectContaining({ code: 'text_too_long', limit: 280, actual: 306 })]);
  });

  it('answers bad input with a clear error and stores nothing', async () => {
    const schedule = (body: Record<string, unknown>) =>
      api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
        text: 'Summer is here',
        accountIds: [xAccountId],
        scheduledAt: new Date(Date.now() + 60_000).toISOString(),
        timeZone: 'Asia/Tokyo',
        ...body,
      });

    const empty = await schedule({ text: '   ' });
    expect(empty).toMatchObject({ status: 422, json: { code: 'invalid_content' } });
    expect(empty.json.details.variants[0].problems[0]).toMatchObject({ code: 'text_empty' });

    const tooLong = await schedule({ text: 'a'.repeat(281) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.json.details.variants[0].problems[0].message).toBe(
      'X allows 280 characters; this text counts 281 (1 over)',
    );

    const unknownAccount = await schedule({ accountIds: ['no-such-account'] });
    expect(unknownAccount).toMatchObject({
      status: 400,
      json: { code: 'invalid_input', message: 'Unknown account: no-such-account' },
    });

    const past = await schedule({ scheduledAt: '2020-01-01T09:00:00+09:00' });
    expect(past).toMatchObject({ status: 400, json: { code: 'invalid_input' } });
    expect(past.json.message).toContain('is in the past');

    const badZone = await schedule({ timeZone: 'Mars/Olympus' });
    expect(badZone.json.message).toContain('is not an IANA time zone');

    const malformed = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, '{"text": "unterminated');
    expect(malformed).toMatchObject({ status: 400, json: { code: 'invalid_json' } });

    const wrongType = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, { text: 42, accountIds: 'x' });
    expect(wrongType).toMatchObject({ status: 400, json: { code: 'invalid_input' } });
    expect(wrongType.json.message).toMatch(/text/);

    const posts = await api.request('GET', `/api/workspaces/${workspaceId}/posts`);
    expect(posts.json.posts).toEqual([]);
  });

  it('schedules a post in the person’s time zone and publishes it with its permalink', async () => {
    const created = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text: 'Ice-cold and refreshing: https://example.com/summer',
      accountIds: [xAccountId],
      variants: [{ network: 'x', text: '冷たくて爽やか: https://example.com/summer' }],
      scheduledAt: new Date(Date.now() + 500).toISOString(),
      timeZone: 'Asia/Tokyo',
    });
    expect(created.status).toBe(201);
    const publicationId = created.json.publications[0].id;
    expect(created.json.publications[0].state).toBe('scheduled');

    const published = await eventually(async () => {
      const post = (await api.request('GET', `/api/workspaces/${workspaceId}/posts/${created.json.id}`)).json;
      return post.publications[0].state === 'published' ? post.publications[0] : undefined;
    });
    expect(published.permalink).toBe(`${x.baseUrl}/fizz_drinks/status/${published.remoteId}`);
    // the URL went out as a tracked short link (test/api/links.api.test.ts follows one)
    const texts = x.state.listPosts().map((post) => post.text);
    expect(texts).toContainEqual(expect.stringMatching(/^冷たくて爽やか: http:\/\/localhost:\d+\/l\/[A-Za-z0-9]{8}$/));
    const attempts = await api.request('GET', `/api/workspaces/${workspaceId}/publications/${publicationId}/attempts`);
    expect(attempts.json.attempts).toEqual([expect.objectContaining({ number: 1, outcome: 'published' })]);
  });

  it('keeps a publication to an unreachable network scheduled for retry, with the reason', async () => {
    const sealed = SecretBox.fromKey(secretKey).sealJson({
      accessToken: 'token',
      refreshToken: 'refresh',
      expiresAt: Date.now() + 3_600_000,
      scope: 'tweet.read tweet.write users.read media.write offline.access',
      userId: '7',
      username: 'far_away',
      displayName: 'Far away',
    });
    const account = await crier.store.accounts.upsert({
      id: 'unreachable-account',
      workspaceId,
      network: 'x',
      environment: 'live',
      remoteId: '7',
      handle: 'far_away',
      displayName: 'Far away',
      profileUrl: 'https://x.test/far_away',
      avatarUrl: null,
      sealedCredentials: sealed,
      credentialsExpireAt: Date.now() + 3_600_000,
      now: Date.now(),
    });
    const created = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text: 'Nobody will hear this',
      accountIds: [account.id],
      scheduledAt: new Date().toISOString(),
      timeZone: 'UTC',
    });
    expect(created.status).toBe(201);
    const retrying = await eventually(async () => {
      const post = (await api.request('GET', `/api/workspaces/${workspaceId}/posts/${created.json.id}`)).json;
      return post.publications[0].failure ? post.publications[0] : undefined;
    });
    expect(retrying.state).toBe('scheduled');
    expect(retrying.failure).toMatchObject({ errorClass: 'transient', networkMessage: 'ECONNREFUSED' });
    expect(retrying.failure.message).toContain('could not be reached');
    expect(Date.parse(retrying.nextAttemptAt)).toBeGreaterThan(Date.now());

    const cancelled = await api.request('POST', `/api/workspaces/${workspaceId}/publications/${retrying.id}/cancel`);
    expect(cancelled.json.publications[0].state).toBe('cancelled');
    const cancelAgain = await api.request('POST', `/api/workspaces/${workspaceId}/publications/${retrying.id}/cancel`);
    expect(cancelAgain).toMatchObject({ status: 409, json: { code: 'conflict' } });
  });

  it('defines segments, and refuses one on a network that cannot target audiences', async () => {
    const invalid = await api.request('POST', `/api/workspaces/${workspaceId}/segments`, {
      name: 'Nowhere',
      audience: { countries: ['Japan'], ageMin: 70, ageMax: 20 },
    });
    expect(invalid).toMatchObject({ status: 400, json: { code: 'invalid_input' } });
    expect(invalid.json.message).toContain('Japan is not a valid country code');
    expect(invalid.json.message).toContain('The minimum age is above the maximum age');

    const hot = await api.request('POST', `/api/workspaces/${workspaceId}/segments`, {
      name: 'Hot regions',
      audience: { countries: ['br', 'TH', 'TH'], ageMin: 18 },
    });
    expect(hot).toMatchObject({
      status: 201,
      json: { name: 'Hot regions', audience: { countries: ['BR', 'TH'], ageMin: 18 } },
    });

    const report = await api.request('POST', `/api/workspaces/${workspaceId}/posts/validate`, {
      text: 'Ice-cold and refreshing',
      accountIds: [xAccountId],
      variants: [{ network: 'x', segmentId: hot.json.id }],
    });
    expect(report.json.variants).toEqual([
      expect.objectContaining({
        network: 'x',
        segmentName: 'Hot regions',
        problems: [expect.objectContaining({ code: 'targeting_unsupported', field: 'segment' })],
      }),
    ]);
    const refused = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text: 'Ice-cold and refreshing',
      accountIds: [xAccountId],
      variants: [{ network: 'x', segmentId: hot.json.id }],
      scheduledAt: null,
      timeZone: 'UTC',
    });
    expect(refused).toMatchObject({ status: 422, json: { code: 'invalid_content' } });

    const listed = await api.request('GET', `/api/workspaces/${workspaceId}/segments`);
    expect(listed.json.segments.map((segment: { name: string }) => segment.name)).toEqual(['Hot regions']);
    expect((await api.request('DELETE', `/api/workspaces/${workspaceId}/segments/${hot.json.id}`)).status).toBe(204);
  });

  it('answers unknown routes with JSON and serves the web app for client routes', async () => {
    expect(await api.request('GET', '/api/nothing-here')).toMatchObject({
      status: 404,
      json: { code: 'route_not_found' },
    });
  });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no result within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
