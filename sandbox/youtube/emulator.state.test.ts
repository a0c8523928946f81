import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startYouTubeEmulator } from './harness.js';
import { bearer, connectChannel, openUploadSession, putChunk, queryUpload, TEST_CLIENT } from './testing.js';
import { CHUNK_GRANULARITY } from './upload-routes.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'crier-youtube-state-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const options = () => ({
  clients: [
    { clientId: TEST_CLIENT.clientId, clientSecret: TEST_CLIENT.clientSecret, redirectUris: [TEST_CLIENT.redirectUri] },
  ],
  stateFile: path.join(folder, 'youtube-state.json'),
  mediaDir: path.join(folder, 'media'),
});

it('keeps channels, tokens, videos and an unfinished upload session across a restart', async () => {
  const first = await startYouTubeEmulator(options());
  const token = (await connectChannel(first.baseUrl, { username: 'crier_demo' })).access_token;
  const total = CHUNK_GRANULARITY + 10;
  const session = await openUploadSession(first.baseUrl, token, total);
  expect((await putChunk(session, new Uint8Array(CHUNK_GRANULARITY), 0, total)).status).toBe(308);
  await first.close();

  const second = await startYouTubeEmulator(options());
  try {
    const resumed = session.replace(first.baseUrl, second.baseUrl);
    const status = await queryUpload(resumed, total);
    expect(status.headers.get('range')).toBe(`bytes=0-${CHUNK_GRANULARITY - 1}`);
    const done = await putChunk(resumed, new Uint8Array(10), CHUNK_GRANULARITY, total);
    expect(done.status).toBe(200);
    const me = await fetch(`${second.baseUrl}/youtube/v3/channels?part=snippet&mine=true`, { headers: bearer(token) });
    expect(((await me.json()) as { items: unknown[] }).items).toHaveLength(1);
  } finally {
    await second.close();
  }
});
