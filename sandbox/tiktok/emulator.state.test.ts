import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { syntheticMp4 } from '../../src/core/video-fixtures.js';
import { startTikTokEmulator } from './harness.js';
import { api, connectCreator, putChunk, TEST_APP } from './testing.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'crier-tiktok-state-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const options = () => ({
  clients: [{ ...TEST_APP, redirectUris: [TEST_APP.redirectUri] }],
  stateFile: path.join(folder, 'tiktok-state.json'),
  mediaDir: path.join(folder, 'media'),
  processingMs: 10,
  moderationMs: 10,
});

it('keeps creators, tokens and posts across a restart', async () => {
  const first = await startTikTokEmulator(options());
  const token = (await connectCreator(first.baseUrl, 'crier_demo')).access_token;
  const bytes = syntheticMp4({ durationMs: 5000, width: 720, height: 1280 });
  const init = (await (
    await api(first.baseUrl, token, '/v2/post/publish/video/init/', {
      post_info: { title: 'Kept', privacy_level: 'SELF_ONLY' },
      source_info: { source: 'FILE_UPLOAD', video_size: bytes.length, chunk_size: bytes.length, total_chunk_count: 1 },
    })
  ).json()) as { data: { publish_id: string; upload_url: string } };
  expect((await putChunk(init.data.upload_url, bytes, 0, bytes.length)).status).toBe(201);
  await first.close();

  const second = await startTikTokEmulator(options());
  try {
    await new Promise((resolve) => setTimeout(resolve, 30));
    const status = await api(second.baseUrl, token, '/v2/post/publish/status/fetch/', {
      publish_id: init.data.publish_id,
    });
    expect(await status.json()).toMatchObject({ data: { status: 'PUBLISH_COMPLETE' }, error: { code: 'ok' } });
  } finally {
    await second.close();
  }
});
