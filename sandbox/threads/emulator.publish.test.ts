import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleMp4, samplePng } from '../common/media-samples.js';
import { type RunningThreadsEmulator, startThreadsEmulator } from './harness.js';
import { connectThreadsUser, dropFile, graph, TEST_CLIENT, waitForContainer } from './testing.js';

let emulator: RunningThreadsEmulator;
let token: string;
let userId: string;

beforeEach(async () => {
  emulator = await startThreadsEmulator({ clients: [TEST_CLIENT], videoProcessingMs: 30 });
  ({ longToken: token, userId } = await connectThreadsUser(emulator, 'crier.demo'));
});
afterEach(async () => {
  await emulator.close();
});

const create = (params: Record<string, string>) => graph(emulator, 'POST', `/v1.0/${userId}/threads`, params, token);
const publish = (creationId: string) =>
  graph(emulator, 'POST', `/v1.0/${userId}/threads_publish`, { creation_id: creationId }, token);

describe('text posts', () => {
  it('creates a FINISHED container, publishes it once and gives a permalink', async () => {
    const container = await create({ media_type: 'TEXT', text: 'Ice-cold and refreshing', reply_control: 'everyone' });
    expect(container.status).toBe(200);
    const published = await publish(String(container.body.id));
    const post = await graph(
      emulator,
      'GET',
      `/v1.0/${published.body.id}`,
      { fields: 'id,text,permalink,media_type' },
      token,
    );
    expect(post.body).toMatchObject({ text: 'Ice-cold and refreshing', media_type: 'TEXT_POST' });
    expect(post.body.permalink).toMatch(/\/@crier\.demo\/post\/[\w-]{11}$/);
    const twice = await publish(String(container.body.id));
    expect(twice.body.error?.message).toContain('PUBLISHED');
  });

  it('counts an emoji by its UTF-8 bytes against the 500 limit', async () => {
    expect((await create({ media_type: 'TEXT', text: `${'a'.repeat(496)}😀` })).status).toBe(200);
    const over = await create({ media_type: 'TEXT', text: `${'a'.repeat(497)}😀` });
    expect(over.body.error).toMatchObject({
      code: 100,
      message: '(#100) Param text must be at most 500 characters long',
    });
  });

  it('refuses parameters the collection does not know and values outside its lists', async () => {
    const unknown = await create({ media_type: 'TEXT', text: 'hi', colour: 'red' });
    expect(unknown.body.error?.message).toBe('(#100) Param colour is not a valid parameter');
    const badType = await create({ media_type: 'GIF', text: 'hi' });
    expect(badType.body.error?.message).toBe(
      '(#100) Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL} - got "GIF"',
    );
    const badControl = await create({ media_type: 'TEXT', text: 'hi', reply_control: 'nobody' });
    expect(badControl.body.error?.message).toContain('Param reply_control must be one of {everyone,');
    const badField = await graph(emulator, 'GET', '/v1.0/me', { fields: 'id,shoe_size' }, token);
    expect(badField.body.error?.message).toBe(
      '(#100) Tried accessing nonexisting field (shoe_size) on node type (ThreadsUser)',
    );
  });

  it('accepts allowlisted_country_codes only from profiles eligible for geo-gating', async () => {
    const refused = await create({ media_type: 'TEXT', text: 'Only in Japan', allowlisted_country_codes: 'JP' });
    expect(refused.body.error?.message).toContain('eligible for geo-gating');
    emulator.state.setGeoGatingEligibility(userId, true);
    expect((await graph(emulator, 'GET', '/v1.0/me', { fields: 'is_eligible_for_geo_gating' }, token)).body).toEqual({
      is_eligible_for_geo_gating: true,
    });
    const wrongCode = await create({ media_type: 'TEXT', text: 'Only in Japan', allowlisted_country_codes: 'JPN' });
    expect(wrongCode.body.error?.message).toContain('ISO 3166-1 alpha-2');
    const container = await create({ media_type: 'TEXT', text: 'Only in Japan', allowlisted_country_codes: 'JP,KR' });
    const post = await publish(String(container.body.id));
    expect(emulator.state.media.get(String(post.body.id))?.allowlistedCountryCodes).toEqual(['JP', 'KR']);
  });
});

describe('image, video and carousel containers', () => {
  it('fetches an image from its URL before the container is FINISHED', async () => {
    const url = await dropFile(emulator, samplePng(1080, 1080), 'image/png');
    const container = await create({ media_type: 'IMAGE', image_url: url, alt_text: 'A bottle', text: 'New bottle' });
    expect((await waitForContainer(emulator, String(container.body.id), token)).status).toBe('FINISHED');
    const post = await publish(String(container.body.id));
    expect(emulator.state.media.get(String(post.body.id))).toMatchObject({
      mediaType: 'IMAGE',
      altText: 'A bottle',
      mediaUrl: url,
    });
  });

  it('ends in ERROR with Threads’ own messages for a wide image and a long or unreachable video', async () => {
    const wide = await create({
      media_type: 'IMAGE',
      image_url: await dropFile(emulator, samplePng(2200, 200), 'image/png'),
    });
    expect(await waitForContainer(emulator, String(wide.body.id), token)).toMatchObject({
      status: 'ERROR',
      error_message: 'INVALID_ASPEC_RATIO',
    });
    const long = await create({
      media_type: 'VIDEO',
      video_url: await dropFile(emulator, sampleMp4({ durationMs: 301_000 }), 'video/mp4'),
    });
    expect(await waitForContainer(emulator, String(long.body.id), token)).toMatchObject({
      error_message: 'INVALID_DURATION',
    });
    const missing = await create({
      media_type: 'VIDEO',
      video_url: `${emulator.baseUrl}/_emulator/files/nothing-here`,
    });
    expect(await waitForContainer(emulator, String(missing.body.id), token)).toMatchObject({
      error_message: 'FAILED_DOWNLOADING_VIDEO',
    });
    const refused = await publish(String(long.body.id));
    expect(refused.body.error?.message).toContain('INVALID_DURATION');
  });

  it('keeps a video IN_PROGRESS while it processes and refuses to publish it early', async () => {
    await emulator.close();
    emulator = await startThreadsEmulator({ clients: [TEST_CLIENT], videoProcessingMs: 400 });
    ({ longToken: token, userId } = await connectThreadsUser(emulator, 'crier.demo'));
    const container = await create({
      media_type: 'VIDEO',
      video_url: await dropFile(emulator, sampleMp4(), 'video/mp4'),
    });
    const early = await publish(String(container.body.id));
    expect(early.body.error?.message).toContain('IN_PROGRESS');
    expect((await waitForContainer(emulator, String(container.body.id), token)).status).toBe('FINISHED');
    expect((await publish(String(container.body.id))).status).toBe(200);
  });

  it('publishes a carousel of 2 to 20 items once every item is FINISHED, counting as one post', async () => {
    const samples = [
      { mediaType: 'IMAGE', urlParameter: 'image_url', bytes: samplePng(), contentType: 'image/png' },
      { mediaType: 'IMAGE', urlParameter: 'image_url', bytes: samplePng(), contentType: 'image/png' },
      { mediaType: 'VIDEO', urlParameter: 'video_url', bytes: sampleMp4(), contentType: 'video/mp4' },
    ];
    const items: string[] = [];
    for (const sample of samples) {
      const url = await dropFile(emulator, sample.bytes, sample.contentType);
      const item = await create({ media_type: sample.mediaType, [sample.urlParameter]: url, is_carousel_item: 'true' });
      items.push(String(item.body.id));
    }
    const tooFew = await create({ media_type: 'CAROUSEL', children: items.slice(0, 1).join(',') });
    expect(tooFew.body.error?.message).toContain('2 to 20');
    const carousel = await create({ media_type: 'CAROUSEL', children: items.join(','), text: 'Three colours' });
    expect((await waitForContainer(emulator, String(carousel.body.id), token)).status).toBe('FINISHED');
    const post = await publish(String(carousel.body.id));
    const read = await graph(emulator, 'GET', `/v1.0/${post.body.id}`, { fields: 'media_type,children' }, token);
    expect(read.body).toEqual({ media_type: 'CAROUSEL_ALBUM', children: { data: items.map((id) => ({ id })) } });
    const quota = await graph(
      emulator,
      'GET',
      `/v1.0/${userId}/threads_publishing_limit`,
      { fields: 'quota_usage,config' },
      token,
    );
    expect(quota.body).toEqual({ data: [{ quota_usage: 1, config: { quota_total: 250, quota_duration: 86400 } }] });
  });
});
