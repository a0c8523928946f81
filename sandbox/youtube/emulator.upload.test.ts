import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningYouTubeEmulator, startYouTubeEmulator } from './harness.js';
import { bearer, connectChannel, openUploadSession, putChunk, queryUpload, TEST_CLIENT } from './testing.js';
import { CHUNK_GRANULARITY } from './upload-routes.js';

let emulator: RunningYouTubeEmulator;
let token: string;

beforeEach(async () => {
  emulator = await startYouTubeEmulator({
    clients: [
      {
        clientId: TEST_CLIENT.clientId,
        clientSecret: TEST_CLIENT.clientSecret,
        redirectUris: [TEST_CLIENT.redirectUri],
      },
    ],
    processingMs: 50,
    accessTokenTtlSeconds: 7 * 24 * 3600,
  });
  token = (await connectChannel(emulator.baseUrl, { username: 'crier_demo' })).access_token;
});

afterEach(async () => {
  await emulator.close();
});

const bytes = (length: number, fill = 7) => new Uint8Array(length).fill(fill);

describe('resumable uploads', () => {
  it('answers 308 with the Range so far, then 200 with the video after the last chunk', async () => {
    const total = CHUNK_GRANULARITY * 2 + 1000;
    const session = await openUploadSession(emulator.baseUrl, token, total);
    expect(session).toContain('upload_id=');

    const first = await putChunk(session, bytes(CHUNK_GRANULARITY), 0, total);
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${CHUNK_GRANULARITY - 1}`);
    const second = await putChunk(session, bytes(CHUNK_GRANULARITY), CHUNK_GRANULARITY, total);
    expect(second.headers.get('range')).toBe(`bytes=0-${2 * CHUNK_GRANULARITY - 1}`);
    const last = await putChunk(session, bytes(1000), 2 * CHUNK_GRANULARITY, total);
    expect(last.status).toBe(200);
    const video = (await last.json()) as {
      kind: string;
      id: string;
      snippet: { title: string };
      status: { uploadStatus: string };
    };
    expect(video).toMatchObject({
      kind: 'youtube#video',
      snippet: { title: 'Launch film' },
      status: { uploadStatus: 'uploaded' },
    });
    expect(video.id).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(emulator.state.videos.get(video.id)?.file.size).toBe(total);

    // A status query after completion answers with the video, so a lost final answer is recoverable.
    const again = await queryUpload(session, total);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(video.id);
  });

  it('keeps the bytes of an interrupted chunk, reports them to a status query and resumes from there', async () => {
    const total = CHUNK_GRANULARITY * 3;
    const session = await openUploadSession(emulator.baseUrl, token, total);
    emulator.faults.interruptUpload({ afterChunks: 1, afterBytes: 100_000 });
    expect((await putChunk(session, bytes(CHUNK_GRANULARITY), 0, total)).status).toBe(308);
    await expect(putChunk(session, bytes(CHUNK_GRANULARITY * 2), CHUNK_GRANULARITY, total)).rejects.toThrow();

    const status = await queryUpload(session, total);
    expect(status.status).toBe(308);
    const range = status.headers.get('range') ?? '';
    const received = Number(/bytes=0-(\d+)/.exec(range)?.[1]) + 1;
    expect(received).toBe(CHUNK_GRANULARITY + 100_000);

    const rest = await putChunk(session, bytes(total - received), received, total);
    expect(rest.status).toBe(200);
  });

  it('refuses a chunk that is not a multiple of 256 KiB, a gap, and an unknown session', async () => {
    const total = CHUNK_GRANULARITY * 2;
    const session = await openUploadSession(emulator.baseUrl, token, total);
    const odd = await putChunk(session, bytes(1000), 0, total);
    expect(odd.status).toBe(400);
    expect(await odd.json()).toMatchObject({ error: { code: 400, errors: [{ reason: 'badRequest' }] } });
    const gap = await putChunk(session, bytes(CHUNK_GRANULARITY), CHUNK_GRANULARITY, total);
    expect(gap.status).toBe(400);
    const unknown = await queryUpload(session.replace(/upload_id=[^&]+/, 'upload_id=nope'), total);
    expect(unknown.status).toBe(404);
  });

  it('checks the metadata as YouTube does: title, publishAt only on a private video in the future', async () => {
    const badTitle = fetch(`${emulator.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ snippet: { title: 'a <b> title' } }),
    });
    expect(await (await badTitle).json()).toMatchObject({
      error: { errors: [{ reason: 'invalidTitle', domain: 'youtube.video' }] },
    });

    const publicScheduled = await fetch(
      `${emulator.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`,
      {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({
          snippet: { title: 'Soon' },
          status: { privacyStatus: 'public', publishAt: '2999-01-01T00:00:00Z' },
        }),
      },
    );
    expect(await publicScheduled.json()).toMatchObject({ error: { errors: [{ reason: 'invalidPublishAt' }] } });

    const notInPart = await fetch(`${emulator.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ snippet: { title: 'x' }, status: { privacyStatus: 'private' } }),
    });
    expect(await notInPart.json()).toMatchObject({ error: { errors: [{ reason: 'unexpectedPart' }] } });
  });

  it('schedules a private video that turns public at publishAt', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    await emulator.close();
    emulator = await startYouTubeEmulator({
      clients: [
        {
          clientId: TEST_CLIENT.clientId,
          clientSecret: TEST_CLIENT.clientSecret,
          redirectUris: [TEST_CLIENT.redirectUri],
        },
      ],
      now: () => clock,
      accessTokenTtlSeconds: 7 * 24 * 3600,
    });
    token = (await connectChannel(emulator.baseUrl, { username: 'crier_demo' })).access_token;
    const session = await openUploadSession(emulator.baseUrl, token, 10, {
      snippet: { title: 'Premiere' },
      status: { privacyStatus: 'private', publishAt: '2026-11-27T09:00:00Z' },
    });
    const done = (await (await putChunk(session, bytes(10), 0, 10)).json()) as {
      id: string;
      status: { privacyStatus: string; publishAt: string };
    };
    expect(done.status).toMatchObject({ privacyStatus: 'private', publishAt: '2026-11-27T09:00:00Z' });
    clock = Date.parse('2026-11-27T09:00:01Z');
    const listed = await fetch(`${emulator.baseUrl}/youtube/v3/videos?part=status&id=${done.id}`, {
      headers: bearer(token),
    });
    expect(
      ((await listed.json()) as { items: Array<{ status: { privacyStatus: string } }> }).items[0]?.status.privacyStatus,
    ).toBe('public');
  });

  it('sets a custom thumbnail on the uploader’s own video only', async () => {
    const session = await openUploadSession(emulator.baseUrl, token, 10);
    const video = (await (await putChunk(session, bytes(10), 0, 10)).json()) as { id: string };
    const set = await fetch(
      `${emulator.baseUrl}/upload/youtube/v3/thumbnails/set?videoId=${video.id}&uploadType=media`,
      {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'image/png' },
        body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
      },
    );
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      kind: 'youtube#thumbnailSetResponse',
      items: [{ default: { width: 120 } }],
    });
    expect(emulator.state.videos.get(video.id)?.thumbnail?.size).toBe(7);

    const other = (await connectChannel(emulator.baseUrl, { username: 'someone_else' })).access_token;
    const refused = await fetch(`${emulator.baseUrl}/upload/youtube/v3/thumbnails/set?videoId=${video.id}`, {
      method: 'POST',
      headers: { ...bearer(other), 'content-type': 'image/png' },
      body: new Uint8Array([1]),
    });
    expect(refused.status).toBe(403);
  });
});
