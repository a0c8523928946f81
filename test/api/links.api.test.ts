import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlueskyConnector } from '../../src/connectors/bluesky/bluesky.connector.js';
import { freePort } from '../support/ports.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';
import { connectXAccount, type RunningXEmulator, sandboxXConnector, startTestXEmulator } from '../support/x-sandbox.js';

type TestCrier = Awaited<ReturnType<typeof startTestCrier>>;

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** An address in Japan, as a proxy in front of Crier reports it. */
const JAPANESE_VISITOR = '133.242.0.1';

/** GET through node:http, which lets a test set the Host header as a browser on another domain would. */
function get(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; location: string | undefined; body: string }>((resolve, reject) => {
    const request = http.get(new URL(path, baseUrl), { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, location: response.headers.location, body }),
      );
    });
    request.on('error', reject);
  });
}

/**
 * Tracked links end to end: a scheduled post's URLs become short links with UTM tags, the published
 * text carries them, the redirect counts clicks (bots apart) with their country, conversions come
 * back from the website, and reports show it all per network and variant.
 */
describe('tracked links API', () => {
  let x: RunningXEmulator;
  let crier: TestCrier;
  let api: ApiClient;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    const port = await freePort();
    x = await startTestXEmulator(`http://localhost:${port}`);
    crier = await startTestCrier({
      connectors: [
        sandboxXConnector(x.baseUrl),
        // only its limits are used here: Bluesky counts every character of a link
        createBlueskyConnector({ environment: 'sandbox', defaultService: 'http://127.0.0.1:9', permalink: () => '' }),
      ],
      port,
      pollMs: 50,
      configure: (config) => ({ ...config, links: { ...config.links, trustProxy: 1 } }),
    });
    api = new ApiClient(crier.baseUrl);
    workspaceId = await api.setup('Asia/Tokyo');
    const session = await api.request('GET', '/api/session');
    const account = await connectXAccount({
      accounts: crier.services.accounts,
      workspaceId,
      userId: session.json.user.id,
      username: 'fizz_drinks',
    });
    accountId = account.id;
  });

  afterAll(async () => {
    await crier?.close();
    await x?.close();
  });

  const schedule = (body: Record<string, unknown>) =>
    api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      accountIds: [accountId],
      scheduledAt: new Date().toISOString(),
      timeZone: 'Asia/Tokyo',
      ...body,
    });

  let code = '';
  let humanClickId = '';

  it('shortens every URL of a scheduled post, tags it for the network, campaign and variant, and publishes the short link', async () => {
    const campaign = await api.request('POST', `/api/workspaces/${workspaceId}/campaigns`, { name: 'Summer Drinks' });
    expect(campaign).toMatchObject({ status: 201, json: { slug: 'summer-drinks' } });
    expect(
      (await api.request('POST', `/api/workspaces/${workspaceId}/campaigns`, { name: 'Summer drinks' })).status,
    ).toBe(409);

    const created = await schedule({
      text: 'Ice-cold and refreshing: https://fizz.example/summer?size=l#menu',
      campaignId: 'summer-drinks',
    });
    expect(created.status).toBe(201);
    expect(created.json.campaignId).toBe(campaign.json.id);
    const variant = created.json.variants[0];
    expect(variant.text).toMatch(new RegExp(`^Ice-cold and refreshing: ${crier.config.publicUrl}/l/[A-Za-z0-9]{8}$`));

    const links = await api.request('GET', `/api/workspaces/${workspaceId}/links?post=${created.json.id}`);
    expect(links.json.links).toHaveLength(1);
    const [link] = links.json.links;
    code = link.code;
    expect(variant.text.endsWith(link.shortUrl)).toBe(true);
    expect(link).toMatchObject({
      originalUrl: 'https://fizz.example/summer?size=l#menu',
      targetUrl: `https://fizz.example/summer?size=l&utm_source=x&utm_medium=social&utm_campaign=summer-drinks&utm_content=${variant.id.slice(0, 8)}#menu`,
      network: 'x',
      variantId: variant.id,
      campaignId: campaign.json.id,
    });

    await eventually(async () => {
      const post = (await api.request('GET', `/api/workspaces/${workspaceId}/posts/${created.json.id}`)).json;
      return post.publications[0].state === 'published' ? true : undefined;
    });
    expect(x.state.listPosts().map((post) => post.text)).toContain(variant.text);
  });

  it('checks the text again once its links are short links, on a network that counts every character', async () => {
    const bluesky = await crier.store.accounts.upsert({
      id: 'bluesky-account',
      workspaceId,
      network: 'bluesky',
      environment: 'sandbox',
      remoteId: 'did:plc:fizz',
      handle: 'fizz.test',
      displayName: 'Fizz',
      profileUrl: 'http://127.0.0.1:9/profile/fizz.test',
      avatarUrl: null,
      sealedCredentials: 'unused',
      credentialsExpireAt: null,
      now: Date.now(),
    });
    // 290 characters with a 12-character URL: its short link (about 33) pushes it past Bluesky's 300
    const text = `${'あ'.repeat(277)} https://a.co`;
    const tracked = await schedule({ text, accountIds: [bluesky.id], scheduledAt: null });
    expect(tracked).toMatchObject({ status: 422, json: { code: 'invalid_content' } });
    expect(tracked.json.message).toContain('With its links shortened for tracking');
    expect(tracked.json.details.variants[0].problems[0]).toMatchObject({ code: 'text_too_long', limit: 300 });
    const untracked = await schedule({ text, accountIds: [bluesky.id], scheduledAt: null, trackLinks: false });
    expect(untracked.status).toBe(201);
  });

  it('keeps URLs as written when the post turns tracking off', async () => {
    const created = await schedule({
      text: 'Untracked https://fizz.example/plain',
      trackLinks: false,
      scheduledAt: null,
    });
    expect(created.json.variants[0].text).toBeNull();
    expect(
      (await api.request('GET', `/api/workspaces/${workspaceId}/links?post=${created.json.id}`)).json.links,
    ).toEqual([]);
  });

  it('redirects people and bots to the tagged target with a click id, and counts them apart', async () => {
    const human = await get(crier.baseUrl, `/l/${code}`, {
      'user-agent': BROWSER,
      'x-forwarded-for': JAPANESE_VISITOR,
      referer: 'https://t.co/AbCdEf?secret=1',
    });
    expect(human.status).toBe(302);
    const landing = new URL(human.location ?? '');
    expect(landing.origin + landing.pathname).toBe('https://fizz.example/summer');
    expect(landing.hash).toBe('#menu');
    expect(landing.searchParams.get('utm_source')).toBe('x');
    humanClickId = landing.searchParams.get('crier_cid') ?? '';
    expect(humanClickId).toMatch(/^[A-Za-z0-9_-]{16}$/);

    const bot = await get(crier.baseUrl, `/l/${code}`, { 'user-agent': GOOGLEBOT, 'x-forwarded-for': '8.8.8.8' });
    expect(bot.status).toBe(302);
    expect(new URL(bot.location ?? '').searchParams.get('crier_cid')).not.toBe(humanClickId);
    const check = await get(crier.baseUrl, `/l/${code}`, { 'user-agent': BROWSER });
    expect(check.status).toBe(302);

    await crier.services.clicks.flush();
    const link = (await api.request('GET', `/api/workspaces/${workspaceId}/links/${code}`)).json;
    const clicks = await crier.store.clicks.listForLink(link.id);
    expect(clicks).toHaveLength(3);
    expect(clicks[0]).toMatchObject({
      id: humanClickId,
      country: 'JP',
      referrerHost: 't.co',
      device: 'mobile',
      browser: 'Mobile Safari',
      isBot: false,
    });
    expect(clicks[1]).toMatchObject({ country: 'US', isBot: true });
    // no raw address, user agent or referrer path is stored anywhere in a click
    const stored = JSON.stringify(clicks);
    for (const secret of [JAPANESE_VISITOR, '8.8.8.8', '127.0.0.1', 'secret=1', 'iPhone OS'])
      expect(stored).not.toContain(secret);
  });

  it('refuses open-redirect attempts and answers unknown codes with a 404 page', async () => {
    const withTarget = await get(crier.baseUrl, `/l/${code}?url=https://evil.example/&next=//evil.example`);
    expect(new URL(withTarget.location ?? '').host).toBe('fizz.example');
    for (const path of [
      '/l/https:%2F%2Fevil.example',
      '/l//evil.example',
      '/l/%2e%2e%2fapi',
      '/l/unknown-code',
      '/l/',
      '/l/ab',
      `/l/${'a'.repeat(65)}`,
    ]) {
      const answer = await get(crier.baseUrl, path);
      expect(answer, path).toMatchObject({ status: 404, location: undefined });
      expect(answer.body).toContain('Link not found');
    }
    // a Host header that is not a link domain does not turn the web UI into a redirect
    expect((await get(crier.baseUrl, `/${code}`, { host: 'evil.example' })).location).toBeUndefined();
  });

  it('attributes a conversion reported by the website to the variant its click came through', async () => {
    const script = await api.request('GET', '/api/conversions/crier.js');
    expect(script.status).toBe(200);
    expect(script.text).toContain('crier_cid');

    const beacon = await fetch(`${crier.baseUrl}/api/conversions`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://fizz.example' },
      body: JSON.stringify({ clickId: humanClickId, goal: 'test_drive_booked', value: 1, currency: 'jpy' }),
    });
    expect(beacon.status).toBe(202);
    expect(beacon.headers.get('access-control-allow-origin')).toBe('*');
    expect(await beacon.json()).toEqual({ recorded: true });
    const again = await api.request('POST', '/api/conversions', { clickId: humanClickId, goal: 'test_drive_booked' });
    expect(again.json).toEqual({ recorded: false });
    const bad = await api.request('POST', '/api/conversions', { clickId: humanClickId, goal: 'has spaces' });
    expect(bad).toMatchObject({ status: 400, json: { code: 'invalid_input' } });

    const byVariant = await api.request(
      'GET',
      `/api/workspaces/${workspaceId}/reports/links?campaign=summer-drinks&groupBy=variant&interval=hour&timeZone=Asia/Tokyo&from=${new Date(Date.now() - 3_600_000).toISOString()}`,
    );
    expect(byVariant.status).toBe(200);
    const link = (await api.request('GET', `/api/workspaces/${workspaceId}/links/${code}`)).json;
    expect(byVariant.json.totals).toMatchObject({ clicks: 2, botClicks: 1, conversions: 1, conversionValue: 1 });
    expect(byVariant.json.totals.botShare).toBeCloseTo(1 / 3);
    expect(byVariant.json.groups).toEqual([
      expect.objectContaining({ key: link.variantId, label: 'x', clicks: 2, conversions: 1 }),
    ]);
    expect(byVariant.json.countries).toEqual(expect.arrayContaining([{ key: 'JP', clicks: 1 }]));
    expect(byVariant.json.referrers).toEqual(expect.arrayContaining([{ key: 't.co', clicks: 1 }]));
    expect(byVariant.json.series.reduce((sum: number, point: { clicks: number }) => sum + point.clicks, 0)).toBe(2);

    const byNetwork = await api.request('GET', `/api/workspaces/${workspaceId}/reports/links?groupBy=network`);
    expect(byNetwork.json.groups).toEqual([expect.objectContaining({ key: 'x', clicks: 2, conversions: 1 })]);
  });

  it('makes links by hand, turns them off and lets them expire', async () => {
    const made = await api.request('POST', `/api/workspaces/${workspaceId}/links`, {
      url: 'https://fizz.example/dealers',
      code: 'dealers',
      campaign: 'summer-drinks',
      utm: { source: 'newsletter', medium: 'email' },
    });
    expect(made).toMatchObject({
      status: 201,
      json: {
        shortUrl: `${crier.config.publicUrl}/l/dealers`,
        targetUrl: 'https://fizz.example/dealers?utm_source=newsletter&utm_medium=email&utm_campaign=summer-drinks',
      },
    });
    const taken = await api.request('POST', `/api/workspaces/${workspaceId}/links`, {
      url: 'https://a.example',
      code: 'dealers',
    });
    expect(taken.status).toBe(409);
    const unsafe = await api.request('POST', `/api/workspaces/${workspaceId}/links`, { url: 'javascript:alert(1)' });
    expect(unsafe).toMatchObject({ status: 400, json: { code: 'invalid_input' } });

    expect((await get(crier.baseUrl, '/l/dealers')).status).toBe(302);
    await api.request('PATCH', `/api/workspaces/${workspaceId}/links/dealers`, { enabled: false });
    const off = await get(crier.baseUrl, '/l/dealers');
    expect(off.status).toBe(410);
    expect(off.body).toContain('Link turned off');
    await api.request('PATCH', `/api/workspaces/${workspaceId}/links/dealers`, {
      enabled: true,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const expired = await get(crier.baseUrl, '/l/dealers');
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('Link expired');
  });

  it('serves a workspace’s links at /:code on its own link domain', async () => {
    const domain = await api.request('PUT', `/api/workspaces/${workspaceId}/link-domain`, {
      baseUrl: 'https://go.fizz.test',
    });
    expect(domain).toMatchObject({ status: 200, json: { host: 'go.fizz.test' } });
    const refused = await api.request('PUT', `/api/workspaces/${workspaceId}/link-domain`, {
      baseUrl: crier.config.publicUrl,
    });
    expect(refused.status).toBe(400);

    const created = await schedule({ text: 'Find a dealer https://fizz.example/dealers', scheduledAt: null });
    expect(created.json.variants[0].text).toMatch(/^Find a dealer https:\/\/go\.fizz\.test\/[A-Za-z0-9]{8}$/);
    const shortCode = created.json.variants[0].text.split('/').pop();
    const viaDomain = await get(crier.baseUrl, `/${shortCode}`, { host: 'go.fizz.test', 'user-agent': BROWSER });
    expect(viaDomain.status).toBe(302);
    expect(viaDomain.location).toContain('https://fizz.example/dealers?utm_source=x');
    expect((await get(crier.baseUrl, '/unknown-code', { host: 'GO.fizz.test' })).status).toBe(404);
    // the API and the web UI stay where they were
    expect((await api.request('GET', '/api/health')).status).toBe(200);
    await api.request('DELETE', `/api/workspaces/${workspaceId}/link-domain`);
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
