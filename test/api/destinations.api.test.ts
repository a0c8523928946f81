import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPinterestEmulator, startPinterestEmulator } from '../../sandbox/pinterest/harness.js';
import { followConsent } from '../../sandbox/x/harness.js';
import { TINY_PNG } from '../../sandbox/x/testing.js';
import { createPinterestConnector } from '../../src/connectors/pinterest/pinterest.connector.js';
import { freePort } from '../support/ports.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';

type TestCrier = Awaited<ReturnType<typeof startTestCrier>>;

/**
 * A network that posts into a place inside the account (a Pinterest board): Crier lists the places,
 * the variant carries the choice with its title and link, and the pin lands on that board.
 */
describe('variants with a destination, a title and a link (Pinterest)', () => {
  let pinterest: RunningPinterestEmulator;
  let crier: TestCrier;
  let api: ApiClient;
  let workspaceId: string;

  beforeAll(async () => {
    const port = await freePort();
    const client = { clientId: 'crier-test', clientSecret: 'test-secret' };
    pinterest = await startPinterestEmulator({
      clients: [{ ...client, redirectUris: [`http://localhost:${port}/api/oauth/callback/pinterest`] }],
    });
    const connector = createPinterestConnector({
      environment: 'sandbox',
      ...client,
      apiBaseUrl: pinterest.apiBaseUrl,
      authorizeUrl: pinterest.authorizeUrl,
      webUrl: pinterest.baseUrl,
    });
    crier = await startTestCrier({ connectors: [connector], port, pollMs: 50 });
    api = new ApiClient(crier.baseUrl);
    workspaceId = await api.setup('Europe/Paris');
  });

  afterAll(async () => {
    await crier?.close();
    await pinterest?.close();
  });

  it('lists the boards, refuses a pin without one, and publishes to the chosen board', async () => {
    const started = await api.request('POST', `/api/workspaces/${workspaceId}/accounts/oauth/start`, {
      network: 'pinterest',
      environment: 'sandbox',
    });
    const callback = await followConsent(started.json.authorizeUrl, 'fizz_drinks');
    const landing = (await api.request('GET', `${callback.pathname}${callback.search}`)).headers.get('location') ?? '';
    const accountId = new URL(landing, crier.baseUrl).searchParams.get('connected') ?? '';
    expect(accountId).not.toBe('');

    const offers = (await api.request('GET', '/api/networks')).json.networks;
    expect(offers).toContainEqual(
      expect.objectContaining({
        network: 'pinterest',
        destinations: { label: expect.any(String), optionKey: 'boardId' },
      }),
    );
    const listed = await api.request('GET', `/api/workspaces/${workspaceId}/accounts/${accountId}/destinations`);
    expect(listed.status).toBe(200);
    const board = listed.json.destinations[0];
    expect(board).toEqual({ id: expect.any(String), name: expect.any(String) });

    const form = new FormData();
    form.set('altText', 'A green bottle on ice');
    form.set('file', new Blob([new Uint8Array(TINY_PNG)], { type: 'image/png' }), 'bottle.png');
    const media = await api.request('POST', `/api/workspaces/${workspaceId}/media`, form);
    expect(media.status).toBe(201);

    const draft = {
      text: 'Ice-cold and refreshing',
      mediaIds: [media.json.id],
      accountIds: [accountId],
      timeZone: 'Europe/Paris',
      scheduledAt: new Date().toISOString(),
    };
    const withoutBoard = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, draft);
    expect(withoutBoard).toMatchObject({ status: 422, json: { code: 'invalid_content' } });

    const created = await api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      ...draft,
      variants: [
        {
          network: 'pinterest',
          title: 'Summer in a bottle',
          link: 'https://example.com/summer',
          options: { boardId: board.id },
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.json.variants[0]).toMatchObject({ title: 'Summer in a bottle', options: { boardId: board.id } });

    const published = await eventually(async () => {
      const post = (await api.request('GET', `/api/workspaces/${workspaceId}/posts/${created.json.id}`)).json;
      return post.publications[0].state === 'published' ? post.publications[0] : undefined;
    });
    const pin = pinterest.state.pins.get(published.remoteId);
    expect(pin).toMatchObject({
      boardId: board.id,
      title: 'Summer in a bottle',
      description: 'Ice-cold and refreshing',
      altText: 'A green bottle on ice',
      mediaCount: 1,
    });
    // the pin's destination is a tracked short link too, tagged for Pinterest
    expect(pin?.link).toBe(created.json.variants[0].link);
    const pinLanding = await fetch(pin?.link ?? '', { redirect: 'manual' });
    expect(pinLanding.headers.get('location')).toMatch(
      /^https:\/\/example\.com\/summer\?utm_source=pinterest&utm_medium=social&/,
    );
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
