import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSecretProof } from '../../src/connectors/meta/graph-client.js';
import { followFacebookLogin, type RunningGraphEmulator, startGraphEmulator } from './harness.js';
import { jpegOf, TEST_APP } from './testing.js';

interface Tokens {
  user: string;
  longUser: string;
  page: string;
  pageId: string;
}

async function login(emulator: RunningGraphEmulator, person: string, scope: string): Promise<Tokens> {
  const dialog = new URL(emulator.dialogUrl);
  dialog.search = new URLSearchParams({
    client_id: TEST_APP.appId,
    redirect_uri: TEST_APP.redirectUri,
    state: 'st',
    scope,
    response_type: 'code',
  }).toString();
  const callback = await followFacebookLogin(dialog.toString(), person);
  expect(callback.searchParams.get('state')).toBe('st');
  const query = {
    client_id: TEST_APP.appId,
    client_secret: TEST_APP.appSecret,
    redirect_uri: TEST_APP.redirectUri,
    code: callback.searchParams.get('code') ?? '',
  };
  const short = (await (
    await fetch(`${emulator.graphUrl}/oauth/access_token?${new URLSearchParams(query)}`)
  ).json()) as { access_token: string; expires_in: number };
  const exchange = {
    grant_type: 'fb_exchange_token',
    client_id: TEST_APP.appId,
    client_secret: TEST_APP.appSecret,
    fb_exchange_token: short.access_token,
  };
  const long = (await (
    await fetch(`${emulator.graphUrl}/oauth/access_token?${new URLSearchParams(exchange)}`)
  ).json()) as { access_token: string; expires_in: number };
  expect(long.expires_in).toBe(5_183_944);
  const accounts = (await get(emulator, '/me/accounts', long.access_token, { fields: 'id,name,access_token' }))
    .body as { data: Array<{ id: string; access_token: string }> };
  const first = accounts.data[0];
  if (!first) throw new Error('no Page');
  return { user: short.access_token, longUser: long.access_token, page: first.access_token, pageId: first.id };
}

async function get(
  emulator: RunningGraphEmulator,
  path: string,
  token: string | undefined,
  query: Record<string, string> = {},
) {
  const url = new URL(`${emulator.graphUrl}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  if (token) url.searchParams.set('access_token', token);
  const response = await fetch(url);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function post(emulator: RunningGraphEmulator, path: string, token: string, params: Record<string, string>) {
  const response = await fetch(`${emulator.graphUrl}${path}`, {
    method: 'POST',
    body: new URLSearchParams({ ...params, access_token: token }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const errorOf = (body: Record<string, unknown>) =>
  body.error as { code: number; error_subcode?: number; message: string; type: string; fbtrace_id: string };
const ALL =
  'pages_show_list,pages_manage_posts,pages_read_engagement,publish_video,instagram_basic,instagram_content_publish,instagram_manage_insights';

describe('Graph emulator', () => {
  let emulator: RunningGraphEmulator;
  let tokens: Tokens;

  beforeAll(async () => {
    emulator = await startGraphEmulator({
      apps: [{ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, redirectUris: [TEST_APP.redirectUri] }],
      containerProcessingMs: 10_000,
      publishingQuota: 1,
    });
    tokens = await login(emulator, 'Emulator Test', ALL);
  });
  afterAll(() => emulator.close());

  it('refuses parameters the node spec does not know, and wrong enum values, in Meta’s envelope', async () => {
    const unknown = await post(emulator, `/${tokens.pageId}/feed`, tokens.page, { message: 'hi', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown.body)).toMatchObject({
      code: 100,
      type: 'OAuthException',
      message: expect.stringMatching(/colour is not a valid parameter/),
    });
    expect(errorOf(unknown.body).fbtrace_id).toMatch(/.+/);
    const badEnum = await post(emulator, `/${tokens.pageId}/video_reels`, tokens.page, { upload_phase: 'middle' });
    expect(errorOf(badEnum.body).message).toMatch(/upload_phase must be one of \{FINISH, START\}/);
    const field = await get(emulator, `/${tokens.pageId}`, tokens.page, { fields: 'id,favourite_colour' });
    expect(errorOf(field.body).message).toBe(
      '(#100) Tried accessing nonexisting field (favourite_colour) on node type (Page)',
    );
  });

  it('answers token problems with codes 104 and 190 and its subcodes', async () => {
    expect(errorOf((await get(emulator, '/me', undefined)).body).code).toBe(104);
    expect(errorOf((await get(emulator, '/me', 'garbage')).body).code).toBe(190);
    const other = await login(emulator, 'Token Test', ALL);
    const grant = emulator.state.tokens.get(other.page);
    if (grant) grant.expiresAt = Date.now() - 1;
    expect(errorOf((await get(emulator, '/me', other.page)).body)).toMatchObject({ code: 190, error_subcode: 463 });
    emulator.state.invalidateLogin(other.longUser);
    expect(errorOf((await get(emulator, '/me', other.longUser)).body)).toMatchObject({ code: 190, error_subcode: 460 });
  });

  it('checks appsecret_proof when sent', async () => {
    const good = await get(emulator, '/me', tokens.longUser, {
      appsecret_proof: appSecretProof(tokens.longUser, TEST_APP.appSecret),
    });
    expect(good.status).toBe(200);
    const bad = await get(emulator, '/me', tokens.longUser, { appsecret_proof: 'f'.repeat(64) });
    expect(errorOf(bad.body).message).toMatch(/Invalid appsecret_proof/);
  });

  it('reports usage in x-app-usage for user tokens and x-business-use-case-usage for Page tokens', async () => {
    const asUser = await get(emulator, '/me', tokens.longUser);
    expect(JSON.parse(asUser.headers.get('x-app-usage') ?? '{}')).toHaveProperty('call_count');
    const asPage = await get(emulator, `/${tokens.pageId}`, tokens.page);
    const usage = JSON.parse(asPage.headers.get('x-business-use-case-usage') ?? '{}') as Record<
      string,
      Array<{ type: string }>
    >;
    expect(usage[tokens.pageId]?.[0]?.type).toBe('pages');
  });

  it('throttles with the object’s business use case code and the time to regain access', async () => {
    emulator.faults.inject({ kind: 'throttle', regainInMinutes: 7, path: '/*/feed', method: 'POST' });
    const throttled = await post(emulator, `/${tokens.pageId}/feed`, tokens.page, { message: 'too soon' });
    expect(errorOf(throttled.body).code).toBe(80001);
    const usage = JSON.parse(throttled.headers.get('x-business-use-case-usage') ?? '{}') as Record<
      string,
      Array<{ estimated_time_to_regain_access: number }>
    >;
    expect(usage[tokens.pageId]?.[0]?.estimated_time_to_regain_access).toBe(7);
  });

  it('refuses a duplicate of the previous post with code 506', async () => {
    expect((await post(emulator, `/${tokens.pageId}/feed`, tokens.page, { message: 'Same words' })).status).toBe(200);
    expect(
      errorOf((await post(emulator, `/${tokens.pageId}/feed`, tokens.page, { message: 'Same words' })).body).code,
    ).toBe(506);
  });

  it('replays the Reels publishing Postman collection: start, upload, status, finish', async () => {
    const start = await post(emulator, '/me/video_reels', tokens.page, { upload_phase: 'start' });
    const videoId = String(start.body.video_id);
    const bytes = new Uint8Array(1000);
    const upload = await fetch(String(start.body.upload_url), {
      method: 'POST',
      headers: {
        authorization: `OAuth ${tokens.page}`,
        offset: '0',
        file_size: String(bytes.byteLength),
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    expect(await upload.json()).toEqual({ success: true });
    const status = await get(emulator, `/${videoId}`, tokens.page, { fields: 'status' });
    expect(status.body.status).toMatchObject({ uploading_phase: { status: 'complete' } });
    const finish = await post(emulator, '/me/video_reels', tokens.page, {
      video_id: videoId,
      upload_phase: 'finish',
      video_state: 'PUBLISHED',
      description: 'Description text goes here',
      title: 'Title goes here',
    });
    expect(finish.body).toEqual({ success: true });
  });

  it('refuses media_publish on a container still IN_PROGRESS, then enforces the publishing quota', async () => {
    const accounts = (await get(emulator, '/me/accounts', tokens.longUser, { fields: 'id,instagram_business_account' }))
      .body as { data: Array<{ instagram_business_account?: { id: string } }> };
    const igId = accounts.data.find((entry) => entry.instagram_business_account)?.instagram_business_account?.id ?? '';
    const form = new FormData();
    form.append('source', new Blob([new Uint8Array(await jpegOf(800, 800))], { type: 'image/jpeg' }), 'a.jpg');
    const staged = (await (
      await fetch(`${emulator.graphUrl}/${tokens.pageId}/photos?published=false&access_token=${tokens.page}`, {
        method: 'POST',
        body: form,
      })
    ).json()) as { id: string };
    const imageUrl = `${emulator.baseUrl}/_media/${staged.id}.jpg`;
    const container = await post(emulator, `/${igId}/media`, tokens.page, { image_url: imageUrl, caption: 'Hello' });
    const early = await post(emulator, `/${igId}/media_publish`, tokens.page, {
      creation_id: String(container.body.id),
    });
    expect(errorOf(early.body)).toMatchObject({ code: 9007, error_subcode: 2207027 });
    const found = emulator.state.containers.get(String(container.body.id));
    if (found) found.readyAt = Date.now();
    expect(
      (await post(emulator, `/${igId}/media_publish`, tokens.page, { creation_id: String(container.body.id) })).status,
    ).toBe(200);
    const second = await post(emulator, `/${igId}/media`, tokens.page, { image_url: imageUrl });
    const again = emulator.state.containers.get(String(second.body.id));
    if (again) again.readyAt = Date.now();
    const overQuota = await post(emulator, `/${igId}/media_publish`, tokens.page, {
      creation_id: String(second.body.id),
    });
    expect(errorOf(overQuota.body)).toMatchObject({ code: 9, error_subcode: 2207042 });
    const limit = await get(emulator, `/${igId}/content_publishing_limit`, tokens.page);
    expect(limit.body.data).toEqual([{ quota_usage: 1, config: { quota_total: 1, quota_duration: 86400 } }]);
    const retired = await get(emulator, `/${[...emulator.state.media.keys()][0]}/insights`, tokens.page, {
      metric: 'impressions',
    });
    expect(errorOf(retired.body).message).toMatch(/no longer supported/);
  });

  it('keeps the login dialog honest: unknown app, unregistered redirect, cancel', async () => {
    const unknownApp = await fetch(
      `${emulator.dialogUrl}?client_id=999&redirect_uri=${encodeURIComponent(TEST_APP.redirectUri)}`,
    );
    expect(unknownApp.status).toBe(400);
    const badRedirect = await fetch(
      `${emulator.dialogUrl}?client_id=${TEST_APP.appId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
    );
    expect(await badRedirect.text()).toMatch(/URL blocked/);
    const dialog = `${emulator.dialogUrl}?${new URLSearchParams({ client_id: TEST_APP.appId, redirect_uri: TEST_APP.redirectUri, state: 'x', scope: 'pages_show_list' })}`;
    const cancelled = await followFacebookLogin(dialog, 'Canceller', { decision: 'cancel' });
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
  });
});
