import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createXEmulator, type XEmulator } from './emulator.js';
import { bearer, connectSandboxUser, multipartPayload, TINY_GIF, TINY_PNG } from './testing.js';

const CLIENT = { clientId: 'crier', redirectUris: ['http://localhost:3000/cb'] };
const REDIRECT = 'http://localhost:3000/cb';

let clock: number;
let emulator: XEmulator;
let token: string;

beforeEach(async () => {
  clock = Date.parse('2026-05-01T10:00:00Z');
  emulator = createXEmulator({
    publicUrl: 'http://127.0.0.1:4010',
    clients: [CLIENT],
    now: () => clock,
    mediaProcessingMs: 2_000,
  });
  token = (await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'alice' }))
    .access_token;
});

afterEach(async () => {
  await emulator.app.close();
});

async function uploadImage(fields: Record<string, string> = { media_category: 'tweet_image' }, bytes = TINY_PNG) {
  const { headers, payload } = await multipartPayload({
    media: { bytes, fileName: 'pixel.png', type: 'image/png' },
    ...fields,
  });
  return emulator.app.inject({
    method: 'POST',
    url: '/2/media/upload',
    headers: { ...headers, ...bearer(token) },
    payload,
  });
}

const postJson = (url: string, body: object, accessToken = token) =>
  emulator.app.inject({ method: 'POST', url, headers: bearer(accessToken), payload: body });

describe('single image upload', () => {
  it('uploads an image, takes alt text and lets it go into a post shown on the permalink page', async () => {
    const upload = await uploadImage();
    expect(upload.statusCode).toBe(200);
    const { data } = upload.json();
    expect(data).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      media_key: `3_${data.id}`,
      size: TINY_PNG.length,
    });

    const metadata = await postJson('/2/media/metadata', { id: data.id, metadata: { alt_text: { text: 'A pixel' } } });
    expect(metadata.statusCode).toBe(200);

    const created = await postJson('/2/tweets', { text: 'With a picture', media: { media_ids: [data.id] } });
    expect(created.statusCode).toBe(201);
    const page = await emulator.app.inject({ method: 'GET', url: `/alice/status/${created.json().data.id}` });
    expect(page.body).toContain(`src="/_emulator/media/${data.id}"`);
    expect(page.body).toContain('alt="A pixel"');
    const image = await emulator.app.inject({ method: 'GET', url: `/_emulator/media/${data.id}` });
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(TINY_PNG)).toBe(true);
  });

  it('needs the media.write scope', async () => {
    const noMedia = await connectSandboxUser(emulator.app, {
      ...CLIENT,
      redirectUri: REDIRECT,
      username: 'bob',
      scopes: ['tweet.read', 'tweet.write', 'users.read'],
    });
    token = noMedia.access_token;
    const answer = await uploadImage();
    expect(answer.statusCode).toBe(403);
    expect(answer.json().detail).toContain('media.write');
  });

  it('refuses fields the schema does not allow, a missing category, and bytes that are not an image', async () => {
    const extra = await uploadImage({ media_category: 'tweet_image', media_type: 'image/png' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].parameter).toBe('$.media_type');
    const missing = await uploadImage({});
    expect(missing.json().errors[0].parameter).toBe('$.media_category');
    const notImage = await uploadImage({ media_category: 'tweet_image' }, Buffer.from('hello, not an image'));
    expect(notImage.statusCode).toBe(400);
  });

  it("refuses another user's media and alt text over 1000 characters", async () => {
    const { data } = (await uploadImage()).json();
    const tooLong = await postJson('/2/media/metadata', {
      id: data.id,
      metadata: { alt_text: { text: 'a'.repeat(1001) } },
    });
    expect(tooLong.statusCode).toBe(400);
    const bob = await connectSandboxUser(emulator.app, { ...CLIENT, redirectUri: REDIRECT, username: 'bob' });
    const answer = await postJson('/2/tweets', { text: 'not mine', media: { media_ids: [data.id] } }, bob.access_token);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors[0].message).toBe('Your media IDs are invalid.');
  });
});

describe('chunked upload', () => {
  it('initializes, appends, finalizes, processes, and only then accepts the media in a post', async () => {
    const init = await postJson('/2/media/upload/initialize', {
      media_type: 'image/gif',
      total_bytes: TINY_GIF.length,
      media_category: 'tweet_gif',
    });
    expect(init.statusCode).toBe(200);
    const { id, media_key } = init.json().data;
    expect(media_key).toBe(`16_${id}`);

    const halves = [TINY_GIF.subarray(0, 10), TINY_GIF.subarray(10)];
    for (const [index, chunk] of halves.entries()) {
      const { headers, payload } = await multipartPayload({
        media: { bytes: chunk, fileName: 'blob', type: 'application/octet-stream' },
        segment_index: String(index),
      });
      const append = await emulator.app.inject({
        method: 'POST',
        url: `/2/media/upload/${id}/append`,
        headers: { ...headers, ...bearer(token) },
        payload,
      });
      expect(append.statusCode).toBe(200);
    }

    const finalize = await postJson(`/2/media/upload/${id}/finalize`, {});
    expect(finalize.json().data.processing_info).toMatchObject({ state: 'pending', check_after_secs: 2 });
    const early = await postJson('/2/tweets', { text: 'too early', media: { media_ids: [id] } });
    expect(early.statusCode).toBe(400);

    clock += 2_000;
    const status = await emulator.app.inject({
      method: 'GET',
      url: `/2/media/upload?command=STATUS&media_id=${id}`,
      headers: bearer(token),
    });
    expect(status.json().data.processing_info.state).toBe('succeeded');
    expect((await postJson('/2/tweets', { text: 'a gif', media: { media_ids: [id] } })).statusCode).toBe(201);
  });

  it('refuses a segment_index outside 0..999 and a finalize whose bytes do not add up', async () => {
    const init = await postJson('/2/media/upload/initialize', {
      media_type: 'image/png',
      total_bytes: TINY_PNG.length + 5,
      media_category: 'tweet_image',
    });
    const { id } = init.json().data;
    const { headers, payload } = await multipartPayload({
      media: { bytes: TINY_PNG, fileName: 'blob', type: 'application/octet-stream' },
      segment_index: '1000',
    });
    const outOfRange = await emulator.app.inject({
      method: 'POST',
      url: `/2/media/upload/${id}/append`,
      headers: { ...headers, ...bearer(token) },
      payload,
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().errors[0].parameter).toBe('$.segment_index');
    const finalize = await postJson(`/2/media/upload/${id}/finalize`, {});
    expect(finalize.statusCode).toBe(400);
  });
});
