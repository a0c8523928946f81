import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningYouTubeEmulator, startYouTubeEmulator } from './harness.js';
import { bearer, connectChannel, openUploadSession, putChunk, TEST_CLIENT, YOUTUBE_READONLY_SCOPE } from './testing.js';

let emulator: RunningYouTubeEmulator;
let token: string;

const clients = [
  { clientId: TEST_CLIENT.clientId, clientSecret: TEST_CLIENT.clientSecret, redirectUris: [TEST_CLIENT.redirectUri] },
];

beforeEach(async () => {
  emulator = await startYouTubeEmulator({ clients });
  token = (await connectChannel(emulator.baseUrl, { username: 'crier_demo' })).access_token;
});

afterEach(async () => {
  await emulator.close();
});

const get = (path: string, accessToken = token) =>
  fetch(`${emulator.baseUrl}${path}`, { headers: bearer(accessToken) });

async function uploadVideo(accessToken = token): Promise<string> {
  const session = await openUploadSession(emulator.baseUrl, accessToken, 10);
  return ((await (await putChunk(session, new Uint8Array(10), 0, 10)).json()) as { id: string }).id;
}

describe('requests checked against the discovery document', () => {
  it('names the connected channel through channels.list?mine=true', async () => {
    const answer = await get('/youtube/v3/channels?part=snippet&mine=true');
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as {
      items: Array<{ id: string; snippet: { title: string; customUrl: string } }>;
    };
    expect(body.items[0]).toMatchObject({ snippet: { title: 'crier_demo', customUrl: '@crier_demo' } });
    expect(body.items[0]?.id).toMatch(/^UC[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a missing part, an unknown part, an unknown parameter and values out of range, in Google’s shape', async () => {
    expect(await (await get('/youtube/v3/videos?id=x')).json()).toEqual({
      error: {
        code: 400,
        message: 'Required parameter: part',
        errors: [
          {
            domain: 'global',
            reason: 'required',
            message: 'Required parameter: part',
            location: 'part',
            locationType: 'parameter',
          },
        ],
        status: 'INVALID_ARGUMENT',
      },
    });
    const unknownPart = (await (await get('/youtube/v3/videos?part=snippet,statistic&id=x')).json()) as {
      error: { errors: Array<{ reason: string; message: string }> };
    };
    expect(unknownPart.error.errors[0]).toMatchObject({ reason: 'unknownPart', message: "'statistic'" });
    const unknownParameter = await get('/youtube/v3/videos?part=id&parts=snippet');
    expect(unknownParameter.status).toBe(400);
    const tooMany = await get('/youtube/v3/commentThreads?part=snippet&videoId=x&maxResults=500');
    expect(((await tooMany.json()) as { error: { errors: Array<{ reason: string }> } }).error.errors[0]?.reason).toBe(
      'invalidParameter',
    );
    const badEnum = await get('/youtube/v3/commentThreads?part=snippet&videoId=x&order=newest');
    expect(badEnum.status).toBe(400);
  });

  it('refuses a body field the schema does not have', async () => {
    const answer = await fetch(`${emulator.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ snippet: { title: 'x', headline: 'not a field' } }),
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain('Unknown name \\"headline\\"');
  });

  it('answers 401 without a valid token and 403 insufficientPermissions without an uploading scope', async () => {
    expect((await get('/youtube/v3/channels?part=id&mine=true', 'nope')).status).toBe(401);
    const readOnly = (await connectChannel(emulator.baseUrl, { username: 'reader', scopes: [YOUTUBE_READONLY_SCOPE] }))
      .access_token;
    const refused = await fetch(`${emulator.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet`, {
      method: 'POST',
      headers: bearer(readOnly),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { errors: [{ reason: 'insufficientPermissions' }] } });
  });
});

describe('daily quota', () => {
  it('charges 1,600 units per upload and refuses the seventh of the day with quotaExceeded', async () => {
    for (let upload = 0; upload < 6; upload += 1) await uploadVideo();
    const key = `project:${TEST_CLIENT.clientId}`;
    expect(emulator.quota.view()).toEqual([expect.objectContaining({ key, units: 9600 })]);
    const refused = await fetch(`${emulator.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet`, {
      method: 'POST',
      headers: bearer(token),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: { errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded' }] },
    });
    // Reads still fit in what is left.
    expect((await get('/youtube/v3/channels?part=id&mine=true')).status).toBe(200);
  });

  it('charges an invalid request one unit, and can count per channel or give uploads their own bucket', async () => {
    await get('/youtube/v3/videos?id=x');
    expect(emulator.quota.view()[0]?.units).toBe(1);
    await emulator.close();
    emulator = await startYouTubeEmulator({
      clients,
      quota: { scope: 'channel', upload: { kind: 'bucket', callsPerDay: 1 } },
    });
    token = (await connectChannel(emulator.baseUrl, { username: 'crier_demo' })).access_token;
    await uploadVideo();
    const second = await fetch(`${emulator.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet`, {
      method: 'POST',
      headers: bearer(token),
    });
    expect(second.status).toBe(403);
    const other = (await connectChannel(emulator.baseUrl, { username: 'second_channel' })).access_token;
    await uploadVideo(other);
    expect(emulator.quota.view().map((usage) => usage.key)).toHaveLength(2);
  });
});

describe('comments and statistics', () => {
  it('pages comment threads newest first and takes a reply', async () => {
    const videoId = await uploadVideo();
    for (const text of ['first', 'second', 'third']) {
      await fetch(`${emulator.baseUrl}/_emulator/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ videoId, text }),
      });
    }
    const texts: string[] = [];
    let pageToken = '';
    do {
      const answer = await get(
        `/youtube/v3/commentThreads?part=snippet,replies&videoId=${videoId}&maxResults=2${pageToken ? `&pageToken=${pageToken}` : ''}`,
      );
      const page = (await answer.json()) as {
        nextPageToken?: string;
        items: Array<{ id: string; snippet: { topLevelComment: { snippet: { textOriginal: string } } } }>;
      };
      texts.push(...page.items.map((item) => item.snippet.topLevelComment.snippet.textOriginal));
      pageToken = page.nextPageToken ?? '';
    } while (pageToken);
    expect(texts.sort()).toEqual(['first', 'second', 'third']);

    const parentId = [...emulator.state.comments.values()].find((comment) => comment.text === 'first')?.id;
    const reply = await fetch(`${emulator.baseUrl}/youtube/v3/comments?part=snippet`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ snippet: { parentId, textOriginal: 'Thanks!' } }),
    });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({
      kind: 'youtube#comment',
      snippet: { parentId, textOriginal: 'Thanks!' },
    });
    const threads = (await (await get(`/youtube/v3/commentThreads?part=replies&videoId=${videoId}`)).json()) as {
      items: Array<{ replies?: { comments: unknown[] } }>;
    };
    expect(threads.items.some((thread) => thread.replies?.comments.length === 1)).toBe(true);
    expect((await get(`/youtube/v3/commentThreads?part=snippet&videoId=${videoId}&pageToken=bogus`)).status).toBe(400);
  });

  it('reports statistics as strings, comments included', async () => {
    const videoId = await uploadVideo();
    await fetch(`${emulator.baseUrl}/_emulator/videos/${videoId}/statistics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ viewCount: 120, likeCount: 7 }),
    });
    const answer = (await (await get(`/youtube/v3/videos?part=statistics&id=${videoId}`)).json()) as {
      items: Array<{ statistics: Record<string, string> }>;
    };
    expect(answer.items[0]?.statistics).toEqual({
      viewCount: '120',
      likeCount: '7',
      favoriteCount: '0',
      commentCount: '0',
    });
  });
});

describe('fault switches over HTTP', () => {
  const control = (body: unknown) =>
    fetch(`${emulator.baseUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers 429 rateLimitExceeded, 503 backendError and quotaExceeded when switched, and clears', async () => {
    expect((await control({ kind: 'rate_limit', path: '/youtube/v3/channels' })).status).toBe(201);
    const limited = await get('/youtube/v3/channels?part=id&mine=true');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }], status: 'RESOURCE_EXHAUSTED' },
    });

    await control({ kind: 'server_error', status: 503 });
    expect(await (await get('/youtube/v3/channels?part=id&mine=true')).json()).toMatchObject({
      error: { errors: [{ reason: 'backendError' }] },
    });

    await control({ kind: 'quota', key: `project:${TEST_CLIENT.clientId}`, usedUnits: 10_000 });
    expect(await (await get('/youtube/v3/channels?part=id&mine=true')).json()).toMatchObject({
      error: { errors: [{ reason: 'quotaExceeded' }] },
    });
    expect((await control({ kind: 'interrupt_upload', afterChunks: 1, afterBytes: 10 })).status).toBe(201);
    expect(emulator.faults.view().uploadInterruption).toEqual({ afterChunks: 1, afterBytes: 10 });

    expect((await fetch(`${emulator.baseUrl}/_emulator/faults`, { method: 'DELETE' })).status).toBe(204);
    expect(emulator.faults.view().uploadInterruption).toBeUndefined();
    expect((await control({ kind: 'bogus' })).status).toBe(400);
  });
});
