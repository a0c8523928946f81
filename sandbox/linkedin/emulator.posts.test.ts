import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleMp4, samplePng } from '../common/media-samples.js';
import { type RunningLinkedInEmulator, startLinkedInEmulator } from './harness.js';
import { noFollowers } from './sample-organizations.js';
import { connectMember, DEMO_AUTHOR, DEMO_ORGANIZATION, postBody, rest, TEST_APP } from './testing.js';

let emulator: RunningLinkedInEmulator;
let token: string;

beforeEach(async () => {
  emulator = await startLinkedInEmulator({
    clients: [TEST_APP],
    organizations: [
      DEMO_ORGANIZATION,
      {
        id: '90000002',
        name: 'Tiny Shop',
        followers: noFollowers(),
        members: [{ username: 'everyone', role: 'ADMINISTRATOR' }],
      },
    ],
    videoProcessingMs: 20,
  });
  ({ accessToken: token } = await connectMember(emulator, 'ada.lovelace'));
});
afterEach(async () => {
  await emulator.close();
});

const createPost = (body: Record<string, unknown>) => rest(emulator, 'POST', '/rest/posts', { token, json: body });

describe('POST /rest/posts', () => {
  it('answers 201 with an empty body and the URN in x-restli-id', async () => {
    const answer = await createPost(postBody());
    expect(answer.status).toBe(201);
    expect(answer.body).toBeUndefined();
    const urn = answer.headers.get('x-restli-id') ?? '';
    expect(urn).toMatch(/^urn:li:share:\d+$/);
    const read = await rest(emulator, 'GET', `/rest/posts/${encodeURIComponent(urn)}`, { token });
    expect(read.body).toMatchObject({
      id: urn,
      author: DEMO_AUTHOR,
      commentary: 'Ice-cold and refreshing',
      lifecycleState: 'PUBLISHED',
    });
  });

  it('refuses a duplicate with 422 DUPLICATE_POST naming the first post', async () => {
    const first = (await createPost(postBody())).headers.get('x-restli-id');
    const again = await createPost(postBody());
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      status: 422,
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST', description: `Content is a duplicate of ${first}` }] },
    });
  });

  it('reads commentary as little text: escapes and hashtag templates render, an unescaped parenthesis cuts the text', async () => {
    const escaped = await createPost(postBody({ commentary: 'Summer \\(finally\\) is here {hashtag|\\#|summer}' }));
    expect(emulator.state.posts.get(escaped.headers.get('x-restli-id') ?? '')?.renderedText).toBe(
      'Summer (finally) is here #summer',
    );
    const careless = await createPost(postBody({ commentary: 'Summer (finally) is here' }));
    expect(emulator.state.posts.get(careless.headers.get('x-restli-id') ?? '')?.renderedText).toBe('Summer ');
  });

  it('validates the body: unknown fields, enums, 3,000 characters', async () => {
    const unknown = await createPost(postBody({ mood: 'sunny' }));
    expect(unknown.body).toMatchObject({
      status: 422,
      errorDetails: { inputErrors: [{ code: 'UNRECOGNIZED_FIELD' }] },
    });
    expect((await createPost(postBody({ visibility: 'EVERYONE' }))).status).toBe(422);
    expect((await createPost(postBody({ commentary: 'a'.repeat(3001) }))).status).toBe(422);
    expect((await createPost(postBody({ commentary: 'b'.repeat(3000) }))).status).toBe(201);
  });

  it('lets only administrators and sponsored-content posters post for an organization, and a member only as themselves', async () => {
    emulator.state.acls = [];
    const denied = await createPost(postBody({ commentary: 'not mine' }));
    expect(denied.body).toMatchObject({ status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED' });
    const member = emulator.state.findMemberByUsername('ada.lovelace');
    expect((await createPost(postBody({ author: `urn:li:person:${member?.id}`, commentary: 'my own' }))).status).toBe(
      201,
    );
    expect((await createPost(postBody({ author: 'urn:li:person:someoneelse', commentary: 'theirs' }))).status).toBe(
      403,
    );
  });
});

describe('targeting (distribution.targetEntities)', () => {
  const target = (entity: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    postBody({
      commentary: `targeted ${JSON.stringify(entity)}`,
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [entity], thirdPartyDistributionChannels: [] },
      ...extra,
    });

  it('accepts an audience of 300 members or more', async () => {
    // Japan (2,500 of 12,000) × senior (4,000 of 12,000): about 833.
    const answer = await createPost(
      target({ geoLocations: ['urn:li:geo:101355337'], seniorities: ['urn:li:seniority:4'] }),
    );
    expect(answer.status).toBe(201);
    expect(emulator.state.posts.get(answer.headers.get('x-restli-id') ?? '')?.distribution.targetEntities).toEqual([
      { geoLocations: ['urn:li:geo:101355337'], seniorities: ['urn:li:seniority:4'] },
    ]);
  });

  it('refuses an audience under 300, member posts and drafts', async () => {
    // Japan × CXO (400 of 12,000): about 83.
    const small = await createPost(
      target({ geoLocations: ['urn:li:geo:101355337'], seniorities: ['urn:li:seniority:8'] }),
    );
    expect(small.status).toBe(422);
    expect(JSON.stringify(small.body)).toContain('at least 300');
    const member = emulator.state.findMemberByUsername('ada.lovelace');
    expect(
      (await createPost(target({ geoLocations: ['urn:li:geo:103644278'] }, { author: `urn:li:person:${member?.id}` })))
        .status,
    ).toBe(422);
    expect(
      (await createPost(target({ geoLocations: ['urn:li:geo:103644278'] }, { lifecycleState: 'DRAFT' }))).status,
    ).toBe(422);
    const facetShape = await createPost(target({ ages: ['18-24'] }));
    expect(facetShape.body).toMatchObject({ errorDetails: { inputErrors: [{ code: 'UNRECOGNIZED_FIELD' }] } });
  });
});

describe('media', () => {
  it('takes an image through initializeUpload and PUT, then a multi-image post of 2 to 20', async () => {
    const images: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      const init = await rest(emulator, 'POST', '/rest/images?action=initializeUpload', {
        token,
        json: { initializeUploadRequest: { owner: DEMO_AUTHOR } },
      });
      const value = init.body?.value as { uploadUrl: string; image: string };
      expect((await rest(emulator, 'PUT', value.uploadUrl, { token, body: samplePng() })).status).toBe(201);
      images.push(value.image);
    }
    const read = await rest(emulator, 'GET', `/rest/images/${encodeURIComponent(images[0] ?? '')}`, { token });
    expect(read.body).toMatchObject({ status: 'AVAILABLE', owner: DEMO_AUTHOR });
    const single = await createPost(
      postBody({ commentary: 'one', content: { multiImage: { images: [{ id: images[0] }] } } }),
    );
    expect(single.status).toBe(422);
    const pair = await createPost(
      postBody({
        commentary: 'two',
        content: { multiImage: { images: images.map((id) => ({ id, altText: 'A bottle' })) } },
      }),
    );
    expect(pair.status).toBe(201);
  });

  it('takes a video in 4 MB parts, finalized with the ETags in order, usable once AVAILABLE', async () => {
    const bytes = sampleMp4({ durationMs: 8000, totalBytes: 9 * 1024 * 1024 });
    const init = await rest(emulator, 'POST', '/rest/videos?action=initializeUpload', {
      token,
      json: {
        initializeUploadRequest: {
          owner: DEMO_AUTHOR,
          fileSizeBytes: bytes.length,
          uploadCaptions: false,
          uploadThumbnail: false,
        },
      },
    });
    const value = init.body?.value as {
      video: string;
      uploadToken: string;
      uploadInstructions: Array<{ uploadUrl: string; firstByte: number; lastByte: number }>;
    };
    expect(value.uploadInstructions).toHaveLength(3);
    const etags: string[] = [];
    for (const part of value.uploadInstructions) {
      const put = await rest(emulator, 'PUT', part.uploadUrl, {
        token,
        body: bytes.subarray(part.firstByte, part.lastByte + 1),
      });
      etags.push(put.headers.get('etag') ?? '');
    }
    const early = await createPost(postBody({ commentary: 'early', content: { media: { id: value.video } } }));
    expect(early.status).toBe(422);
    const wrongOrder = await rest(emulator, 'POST', '/rest/videos?action=finalizeUpload', {
      token,
      json: {
        finalizeUploadRequest: {
          video: value.video,
          uploadToken: value.uploadToken,
          uploadedPartIds: [...etags].reverse(),
        },
      },
    });
    expect(wrongOrder.status).toBe(400);
    const finalized = await rest(emulator, 'POST', '/rest/videos?action=finalizeUpload', {
      token,
      json: { finalizeUploadRequest: { video: value.video, uploadToken: value.uploadToken, uploadedPartIds: etags } },
    });
    expect(finalized.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(
      (await rest(emulator, 'GET', `/rest/videos/${encodeURIComponent(value.video)}`, { token })).body,
    ).toMatchObject({ status: 'AVAILABLE', duration: 8000 });
    expect(
      (await createPost(postBody({ commentary: 'video', content: { media: { id: value.video, title: 'Pour' } } })))
        .status,
    ).toBe(201);
  });

  it('refuses a video under 75 KB at initializeUpload', async () => {
    const init = await rest(emulator, 'POST', '/rest/videos?action=initializeUpload', {
      token,
      json: { initializeUploadRequest: { owner: DEMO_AUTHOR, fileSizeBytes: 1000 } },
    });
    expect(init.status).toBe(422);
  });
});
