import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticMp4 } from '../../src/core/video-fixtures.js';
import { type RunningTikTokEmulator, startTikTokEmulator } from './harness.js';
import { api, connectCreator, FORM, putChunk, TEST_APP } from './testing.js';

let emulator: RunningTikTokEmulator;
let token: string;
const MiB = 1024 * 1024;

async function start(overrides: Partial<Parameters<typeof startTikTokEmulator>[0]> = {}) {
  emulator = await startTikTokEmulator({
    clients: [{ ...TEST_APP, redirectUris: [TEST_APP.redirectUri], audited: true }],
    processingMs: 50,
    moderationMs: 50,
    ...overrides,
  });
  token = (await connectCreator(emulator.baseUrl, 'crier_demo')).access_token;
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await emulator.close();
});

const video = (durationMs = 10_000, payloadBytes = 4096) =>
  syntheticMp4({ durationMs, width: 1080, height: 1920, payloadBytes });
const directPost = (size: number, chunkSize = size, count = 1, privacy = 'SELF_ONLY') => ({
  post_info: { title: 'Summer #drink', privacy_level: privacy },
  source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: chunkSize, total_chunk_count: count },
});

async function statusOf(publishId: string) {
  const answer = await api(emulator.baseUrl, token, '/v2/post/publish/status/fetch/', { publish_id: publishId });
  return (
    (await answer.json()) as { data: { status: string; fail_reason?: string; publicaly_available_post_id: string[] } }
  ).data;
}

async function settle(publishId: string) {
  for (let tries = 0; tries < 50; tries += 1) {
    const status = await statusOf(publishId);
    if (status.status === 'FAILED' || status.publicaly_available_post_id.length > 0) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return statusOf(publishId);
}

describe('TikTok emulator', () => {
  it('tells the creator’s options, takes a video in order-checked chunks, and publishes it', async () => {
    const info = (await (await api(emulator.baseUrl, token, '/v2/post/publish/creator_info/query/')).json()) as {
      data: Record<string, unknown>;
      error: { code: string; log_id: string };
    };
    expect(info.data).toMatchObject({ creator_username: 'crier_demo', max_video_post_duration_sec: 600 });
    expect(info.error).toMatchObject({ code: 'ok' });

    const bytes = Buffer.concat([video(), Buffer.alloc(12 * MiB)]);
    const chunk = 5 * MiB;
    const init = (await (
      await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', directPost(bytes.length, chunk, 2))
    ).json()) as {
      data: { publish_id: string; upload_url: string };
    };
    expect((await statusOf(init.data.publish_id)).status).toBe('PROCESSING_UPLOAD');
    const outOfOrder = await putChunk(init.data.upload_url, bytes.subarray(chunk), chunk, bytes.length);
    expect(outOfOrder.status).toBe(416);
    expect((await putChunk(init.data.upload_url, bytes.subarray(0, chunk), 0, bytes.length)).status).toBe(206);
    // The last chunk carries the trailing bytes: 5 MiB + the rest.
    expect((await putChunk(init.data.upload_url, bytes.subarray(chunk), chunk, bytes.length)).status).toBe(201);
    const done = await settle(init.data.publish_id);
    expect(done.status).toBe('PUBLISH_COMPLETE');
    expect(done.publicaly_available_post_id[0]).toMatch(/^\d{19}$/);
  });

  it('enforces the chunk rules of the media transfer guide', async () => {
    const refused = async (body: unknown) =>
      (
        (await (await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', body)).json()) as {
          error: { code: string; message: string };
        }
      ).error;
    expect(await refused(directPost(3 * MiB, MiB, 3))).toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/under 5 MB/),
    });
    expect(await refused(directPost(100 * MiB, 80 * MiB, 1))).toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/5 MB and 64 MB/),
    });
    expect(await refused(directPost(100 * MiB, 10 * MiB, 9))).toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/rounded down/),
    });
  });

  it('fails processing with TikTok’s reason: a switch, a video too long for the creator, a file that is no video', async () => {
    const post = async (bytes: Buffer) => {
      const init = (await (
        await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', directPost(bytes.length))
      ).json()) as {
        data: { publish_id: string; upload_url: string };
      };
      expect((await putChunk(init.data.upload_url, bytes, 0, bytes.length)).status).toBe(201);
      return settle(init.data.publish_id);
    };
    emulator.faults.failNextPost('spam_risk_text');
    expect(await post(video())).toMatchObject({ status: 'FAILED', fail_reason: 'spam_risk_text' });
    expect(await post(video(700_000))).toMatchObject({ status: 'FAILED', fail_reason: 'duration_check_failed' });
    expect(await post(Buffer.from('not a video at all'))).toMatchObject({
      status: 'FAILED',
      fail_reason: 'file_format_check_failed',
    });
  });

  it('leaves a stuck post processing for ever', async () => {
    emulator.faults.stickNextPost();
    const bytes = video();
    const init = (await (
      await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', directPost(bytes.length))
    ).json()) as {
      data: { publish_id: string; upload_url: string };
    };
    await putChunk(init.data.upload_url, bytes, 0, bytes.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await statusOf(init.data.publish_id)).status).toBe('PROCESSING_UPLOAD');
  });

  it('refuses privacy levels the creator does not offer, and public posts from unaudited apps', async () => {
    await fetch(`${emulator.baseUrl}/_emulator/creators/crier_demo`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ privacyLevelOptions: ['SELF_ONLY', 'FOLLOWER_OF_CREATOR'] }),
    });
    const mismatch = await api(
      emulator.baseUrl,
      token,
      '/v2/post/publish/video/init/',
      directPost(1000, 1000, 1, 'PUBLIC_TO_EVERYONE'),
    );
    expect(await mismatch.json()).toMatchObject({ error: { code: 'privacy_level_option_mismatch' } });

    await emulator.close();
    await start({ clients: [{ ...TEST_APP, redirectUris: [TEST_APP.redirectUri] }] });
    const unaudited = await api(
      emulator.baseUrl,
      token,
      '/v2/post/publish/video/init/',
      directPost(1000, 1000, 1, 'PUBLIC_TO_EVERYONE'),
    );
    expect(unaudited.status).toBe(403);
    expect(await unaudited.json()).toMatchObject({
      error: { code: 'unaudited_client_can_only_post_to_private_accounts' },
    });
  });

  it('limits inits to 6 a minute per token and posts to the daily cap', async () => {
    for (let call = 0; call < 6; call += 1) {
      expect((await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', directPost(1000))).status).toBe(200);
    }
    const limited = await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', directPost(1000));
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });

    await emulator.close();
    await start({ dailyPostCap: 1 });
    await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', directPost(1000));
    expect(
      await (await api(emulator.baseUrl, token, '/v2/post/publish/video/init/', directPost(1000))).json(),
    ).toMatchObject({
      error: { code: 'spam_risk_too_many_posts' },
    });
  });

  it('answers 401 access_token_invalid and scope_not_authorized in TikTok’s envelope', async () => {
    const invalid = await api(emulator.baseUrl, 'nope', '/v2/post/publish/creator_info/query/');
    expect(invalid.status).toBe(401);
    expect(await invalid.json()).toMatchObject({
      data: {},
      error: { code: 'access_token_invalid', log_id: expect.any(String) },
    });
    const reader = (await connectCreator(emulator.baseUrl, 'reader', ['user.info.basic'])).access_token;
    const noScope = await api(emulator.baseUrl, reader, '/v2/post/publish/creator_info/query/');
    expect(await noScope.json()).toMatchObject({ error: { code: 'scope_not_authorized' } });
  });

  it('rotates the refresh token on every refresh and refuses the old one', async () => {
    const tokens = await connectCreator(emulator.baseUrl, 'rotating');
    const refresh = (refreshToken: string) =>
      fetch(`${emulator.baseUrl}/v2/oauth/token/`, {
        method: 'POST',
        headers: FORM,
        body: new URLSearchParams({
          client_key: TEST_APP.clientKey,
          client_secret: TEST_APP.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        }),
      });
    const renewed = (await (await refresh(tokens.refresh_token)).json()) as { refresh_token: string; open_id: string };
    expect(renewed.refresh_token).not.toBe(tokens.refresh_token);
    expect(renewed.open_id).toBe(tokens.open_id);
    expect(await (await refresh(tokens.refresh_token)).json()).toMatchObject({
      error: 'invalid_grant',
      log_id: expect.any(String),
    });
  });

  it('pulls photos from a verified URL prefix and refuses other domains', async () => {
    const refused = await api(emulator.baseUrl, token, '/v2/post/publish/content/init/', {
      media_type: 'PHOTO',
      post_mode: 'DIRECT_POST',
      post_info: { title: 'Four colours', privacy_level: 'SELF_ONLY' },
      source_info: { source: 'PULL_FROM_URL', photo_images: ['https://elsewhere.example/a.jpg'], photo_cover_index: 0 },
    });
    expect(await refused.json()).toMatchObject({ error: { code: 'url_ownership_unverified' } });
  });
});
