import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_PNG } from '../../sandbox/x/testing.js';
import { loadConfig } from '../../src/config/config.js';
import { buildManualNetworks } from '../../src/connectors/catalog.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';

type TestCrier = Awaited<ReturnType<typeof startTestCrier>>;

/**
 * Snapchat without an allowlisted app: Crier says it cannot post there, lets a person add the profile
 * they post from, and at the due time hands them the text and files instead of calling Snapchat, with a
 * reminder; the person marks the publication posted (or cancels it).
 */
describe('networks posted by hand (Snapchat without an allowlisted app)', () => {
  let crier: TestCrier;
  let api: ApiClient;
  let workspaceId: string;
  let accountId: string;
  let mediaId: string;

  beforeAll(async () => {
    crier = await startTestCrier({ connectors: [], manualNetworks: buildManualNetworks(loadConfig({})), pollMs: 50 });
    api = new ApiClient(crier.baseUrl);
    workspaceId = await api.setup('Asia/Tokyo');
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(TINY_PNG)], { type: 'image/png' }), 'summer bottle.png');
    const media = await api.request('POST', `/api/workspaces/${workspaceId}/media`, form);
    expect(media.status).toBe(201);
    mediaId = media.json.id;
  });

  afterAll(async () => {
    await crier?.close();
  });

  const ws = (rest: string) => `/api/workspaces/${workspaceId}${rest}`;
  const scheduleNow = (text: string) =>
    api.request('POST', ws('/posts'), {
      text,
      mediaIds: [mediaId],
      accountIds: [accountId],
      // a Story shows no caption: the words go on the Snap itself, so the variant has none
      variants: [{ network: 'snapchat', text: '', options: { placement: 'story' } }],
      scheduledAt: new Date().toISOString(),
      timeZone: 'Asia/Tokyo',
      trackLinks: false,
    });
  const awaitingManual = async (postId: string) =>
    eventually(async () => {
      const post = (await api.request('GET', ws(`/posts/${postId}`))).json;
      return post.publications[0].state === 'awaiting_manual' ? post.publications[0] : undefined;
    });
  const openAlerts = async () => (await api.request('GET', ws('/alerts'))).json.alerts;

  it('offers Snapchat as posted by hand, with the reason, and never as an OAuth connection', async () => {
    const offers = (await api.request('GET', '/api/networks')).json.networks;
    const snapchat = offers.filter((offer: { network: string }) => offer.network === 'snapchat');
    expect(snapchat).toEqual([
      expect.objectContaining({
        environment: 'live',
        displayName: 'Snapchat',
        publishing: 'manual',
        reason: expect.stringMatching(/allowlist/),
        connect: { kind: 'manual', label: 'Username', example: expect.any(String) },
      }),
    ]);
    const oauth = await api.request('POST', ws('/accounts/oauth/start'), { network: 'snapchat', environment: 'live' });
    expect(oauth).toMatchObject({ status: 400, json: { code: 'invalid_input' } });
    expect(oauth.json.message).toContain('posted by hand');
    const password = await api.request('POST', ws('/accounts/password'), {
      network: 'snapchat',
      environment: 'live',
      identifier: 'fizzdrinks',
      password: 'anything at all',
    });
    expect(password.status).toBe(400);
  });

  it('adds the profile a person posts from, by its username and without credentials', async () => {
    const wrong = await api.request('POST', ws('/accounts/manual'), { network: 'snapchat', handle: 'no spaces!' });
    expect(wrong).toMatchObject({ status: 400, json: { code: 'invalid_input' } });
    expect(wrong.json.message).toContain('not a Snapchat username');
    const notManual = await api.request('POST', ws('/accounts/manual'), { network: 'x', handle: 'fizz' });
    expect(notManual.status).toBe(400);

    const added = await api.request('POST', ws('/accounts/manual'), { network: 'snapchat', handle: '@FizzDrinks' });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      network: 'snapchat',
      environment: 'live',
      handle: 'fizzdrinks',
      profileUrl: 'https://www.snapchat.com/add/fizzdrinks',
      state: 'connected',
    });
    accountId = added.json.id;
    const again = await api.request('POST', ws('/accounts/manual'), { network: 'snapchat', handle: 'fizzdrinks' });
    expect(again.json.id).toBe(accountId);
    expect((await api.request('GET', ws('/accounts'))).json.accounts).toHaveLength(1);
  });

  it('checks the variant against Snapchat’s limits like any network', async () => {
    const report = await api.request('POST', ws('/posts/validate'), {
      text: 'Words alone',
      accountIds: [accountId],
    });
    expect(report.status).toBe(200);
    expect(report.json.variants[0].problems.map((problem: { code: string }) => problem.code)).toContain(
      'media_required',
    );
    const refused = await api.request('POST', ws('/posts'), {
      text: 'Words alone',
      accountIds: [accountId],
      scheduledAt: new Date().toISOString(),
      timeZone: 'Asia/Tokyo',
    });
    expect(refused).toMatchObject({ status: 422, json: { code: 'invalid_content' } });
  });

  it('at the due time waits for a person with an attempt and a reminder, hands over the bundle, and is marked posted', async () => {
    const created = await scheduleNow('Summer in a bottle #icecold');
    expect(created.status).toBe(201);
    const publication = await awaitingManual(created.json.id);

    const attempts = (await api.request('GET', ws(`/publications/${publication.id}/attempts`))).json.attempts;
    expect(attempts).toEqual([
      expect.objectContaining({ number: 1, outcome: 'manual', endedAt: expect.any(String), errorClass: null }),
    ]);
    expect(await openAlerts()).toEqual([
      expect.objectContaining({
        kind: 'manual_post_due',
        accountId,
        publicationId: publication.id,
        message: expect.stringContaining('Snapchat as fizzdrinks'),
      }),
    ]);

    const bundle = await api.request('GET', ws(`/publications/${publication.id}/manual`));
    expect(bundle.status).toBe(200);
    expect(bundle.json).toMatchObject({
      reason: expect.stringMatching(/allowlist/),
      text: '',
      postUrl: expect.stringMatching(/^https:\/\//),
      files: [
        {
          fileName: 'summer bottle.png',
          mimeType: 'image/png',
          size: TINY_PNG.length,
          url: ws(`/publications/${publication.id}/manual/files/0`),
        },
      ],
    });
    expect(bundle.json.steps.join(' ')).toMatch(/summer bottle\.png.*your Story/s);

    const file = await api.download(bundle.json.files[0].url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(file.bytes.equals(TINY_PNG)).toBe(true);
    expect((await api.download(ws(`/publications/${publication.id}/manual/files/1`))).status).toBe(404);

    const notALink = await api.request('POST', ws(`/publications/${publication.id}/mark-posted`), {
      permalink: 'javascript:alert(1)',
    });
    expect(notALink.status).toBe(400);
    const permalink = 'https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAA';
    const marked = await api.request('POST', ws(`/publications/${publication.id}/mark-posted`), { permalink });
    expect(marked.status).toBe(200);
    expect(marked.json.publications[0]).toMatchObject({
      state: 'published',
      permalink,
      publishedAt: expect.any(String),
      remoteId: null,
    });
    expect(await openAlerts()).toEqual([]);
    const twice = await api.request('POST', ws(`/publications/${publication.id}/mark-posted`), { permalink });
    expect(twice).toMatchObject({ status: 409, json: { code: 'conflict' } });
  });

  it('can be cancelled while it waits for a person, closing its reminder', async () => {
    const created = await scheduleNow('Maybe not today');
    const publication = await awaitingManual(created.json.id);
    expect(await openAlerts()).toHaveLength(1);

    const cancelled = await api.request('POST', ws(`/publications/${publication.id}/cancel`));
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.publications[0].state).toBe('cancelled');
    expect(await openAlerts()).toEqual([]);
    const late = await api.request('POST', ws(`/publications/${publication.id}/mark-posted`));
    expect(late).toMatchObject({ status: 409, json: { code: 'conflict' } });
  });

  it('offers no manual Snapchat once an allowlisted Snap app is configured', () => {
    expect(buildManualNetworks(loadConfig({}))).toHaveLength(1);
    const allowlisted = loadConfig({ SNAPCHAT_CLIENT_ID: 'snap-app', SNAPCHAT_CLIENT_SECRET: 'snap-secret' });
    expect(buildManualNetworks(allowlisted)).toEqual([]);
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
