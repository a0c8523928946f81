import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleMp4, samplePng } from '../../../sandbox/common/media-samples.js';
import { demoFollowers } from '../../../sandbox/linkedin/sample-organizations.js';
import type { PublishRequest } from '../kit/connector.js';
import type { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes } from '../kit/testing.js';
import { type LinkedInFixture, linkedInFixture } from './testing.js';

let fixture: LinkedInFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const request = (text: string, extra: Partial<PublishRequest> = {}): PublishRequest => ({
  publicationId: randomUUID(),
  text,
  media: [],
  ...extra,
});
const png = () =>
  mediaFromBytes(samplePng(1200, 627), { mimeType: 'image/png', fileName: 'car.png', altText: 'A car' });
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as ConnectorError,
  );

describe('connecting', () => {
  it('offers each page the member administers and the member themselves', async () => {
    fixture = await linkedInFixture();
    expect(fixture.offered.map((account) => account.profile)).toEqual([
      {
        remoteId: 'urn:li:organization:90000001',
        handle: 'crier-sandbox-motors',
        displayName: 'Crier Sandbox Motors',
        profileUrl: expect.stringMatching(/\/company\/crier-sandbox-motors\/$/),
      },
      {
        remoteId: expect.stringMatching(/^urn:li:person:/),
        handle: 'Ada Lovelace',
        displayName: 'Ada Lovelace',
        profileUrl: expect.stringMatching(/\/in\/me\/$/),
      },
    ]);
  });

  it('connects the member alone when they administer no page', async () => {
    fixture = await linkedInFixture({ as: 'member', organizations: [] });
    expect(fixture.offered).toHaveLength(1);
  });
});

describe('segments compile to distribution.targetEntities', () => {
  it('a post for senior people in the US who use LinkedIn in English arrives with those facets', async () => {
    fixture = await linkedInFixture();
    const compiled = fixture.connector.compileTargeting?.({
      countries: ['US'],
      seniorities: ['senior', 'manager'],
      languages: ['en'],
    });
    expect(compiled).toEqual({
      ok: true,
      targeting: {
        targetEntities: [
          {
            geoLocations: ['urn:li:geo:103644278'],
            interfaceLocales: [{ language: 'en', country: 'US' }],
            seniorities: ['urn:li:seniority:4', 'urn:li:seniority:5'],
          },
        ],
      },
    });
    if (!compiled?.ok) throw new Error('compiled');
    const result = await fixture.connector.publish(
      fixture.session,
      request('Ice-cold and refreshing', { targeting: compiled.targeting }),
    );
    expect(fixture.emulator.state.posts.get(result.remoteId)?.distribution.targetEntities).toEqual(
      compiled.targeting.targetEntities,
    );
  });

  it('leaves LinkedIn the last word where follower figures are missing (interface locales)', async () => {
    fixture = await linkedInFixture();
    // Crier's estimate cannot narrow by locale (LinkedIn reports none): 12,000 × 2,500 × 6,500 / 12,000² ≈ 1,128.
    // LinkedIn narrows by Japanese speakers too (≈ 282) and refuses the post itself.
    const compiled = fixture.connector.compileTargeting?.({
      countries: ['JP'],
      seniorities: ['senior', 'manager'],
      languages: ['ja'],
    });
    if (!compiled?.ok) throw new Error('compiled');
    const error = await failureOf(
      fixture.connector.publish(fixture.session, request('夏の味', { targeting: compiled.targeting })),
    );
    expect(error).toMatchObject({ errorClass: 'invalid_content', status: 422 });
    expect(error.message).toContain('at least 300');
  });

  it('refuses what LinkedIn cannot express, a reason for each', async () => {
    fixture = await linkedInFixture();
    const compiled = fixture.connector.compileTargeting?.({
      countries: ['JP', 'ZZ'],
      ageMin: 25,
      genders: ['female'],
      interests: ['cars'],
      regions: ['JP-13'],
      companySizes: ['7'],
    });
    expect(compiled?.ok).toBe(false);
    expect(compiled && !compiled.ok && compiled.reasons).toEqual([
      "Crier does not know LinkedIn's geo id for ZZ; LinkedIn targets countries by its own geo ids",
      "Crier cannot target regions on LinkedIn yet (JP-13): it knows LinkedIn's geo ids for countries only",
      'LinkedIn has no company size 7 (it has 1, 2-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001-10000, 10001+ employees)',
      'LinkedIn cannot target organic posts by age',
      'LinkedIn cannot target organic posts by gender',
      'LinkedIn cannot target organic posts by interest',
    ]);
  });

  it('refuses an audience under 300 before uploading or posting anything', async () => {
    fixture = await linkedInFixture();
    // Japan (2,500 of 12,000) × CXO (400 of 12,000): about 83 followers.
    const compiled = fixture.connector.compileTargeting?.({ countries: ['JP'], seniorities: ['cxo'] });
    if (!compiled?.ok) throw new Error('compiled');
    const error = await failureOf(
      fixture.connector.publish(
        fixture.session,
        request('For the few', { targeting: compiled.targeting, media: [png()] }),
      ),
    );
    expect(error).toMatchObject({ errorClass: 'invalid_content', networkCode: 'TARGET_AUDIENCE_TOO_SMALL' });
    expect(error.message).toContain('about 83');
    expect(fixture.emulator.state.images.size).toBe(0);
    expect(fixture.emulator.state.posts.size).toBe(0);
  });

  it('refuses targeting on a member’s post before sending anything', async () => {
    fixture = await linkedInFixture({ as: 'member' });
    const error = await failureOf(
      fixture.connector.publish(
        fixture.session,
        request('Mine', { targeting: { targetEntities: [{ geoLocations: ['urn:li:geo:103644278'] }] } }),
      ),
    );
    expect(error.errorClass).toBe('invalid_content');
    expect(fixture.emulator.state.posts.size).toBe(0);
  });
});

describe('publishing', () => {
  it('escapes little text, keeps hashtags as hashtags, and links to the post', async () => {
    fixture = await linkedInFixture();
    const text = 'Summer (finally) is here: #summer [limited] @home_office 50% off *today* \\o/';
    const result = await fixture.connector.publish(fixture.session, request(text));
    const post = fixture.emulator.state.posts.get(result.remoteId);
    expect(post?.renderedText).toBe(text);
    expect(post?.commentary).toContain('{hashtag|\\#|summer}');
    expect(result.permalink).toBe(`${fixture.emulator.baseUrl}/feed/update/${result.remoteId}/`);
  });

  it('makes an article card from the link, with the page’s title, description and picture', async () => {
    fixture = await linkedInFixture({
      options: {
        linkPreview: async () => ({
          title: 'Test drives',
          description: 'Book yours',
          image: { bytes: samplePng(800, 418), mimeType: 'image/png' },
        }),
      },
    });
    const result = await fixture.connector.publish(fixture.session, request('Book now https://example.com/drive'));
    expect(fixture.emulator.state.posts.get(result.remoteId)?.content).toEqual({
      article: {
        source: 'https://example.com/drive',
        title: 'Test drives',
        description: 'Book yours',
        thumbnail: expect.stringMatching(/^urn:li:image:/),
      },
    });
  });

  it('streams a 9 MB video in LinkedIn’s 4 MB parts', async () => {
    fixture = await linkedInFixture();
    const video = mediaFromBytes(sampleMp4({ durationMs: 20_000, totalBytes: 9 * 1024 * 1024 }), {
      mimeType: 'video/mp4',
      fileName: 'ad.mp4',
    });
    const result = await fixture.connector.publish(
      fixture.session,
      request('Watch', { media: [video], title: 'The coast road' }),
    );
    const content = fixture.emulator.state.posts.get(result.remoteId)?.content as
      | { media?: { id: string; title: string } }
      | undefined;
    expect(content?.media?.title).toBe('The coast road');
    expect(fixture.emulator.state.videos.get(content?.media?.id ?? '')?.parts).toHaveLength(3);
  });

  it('reports a video LinkedIn could not process as invalid content', async () => {
    fixture = await linkedInFixture();
    const short = mediaFromBytes(sampleMp4({ durationMs: 1000, totalBytes: 100_000 }), {
      mimeType: 'video/mp4',
      fileName: 'blip.mp4',
    });
    const error = await failureOf(fixture.connector.publish(fixture.session, request('Blip', { media: [short] })));
    expect(error).toMatchObject({ errorClass: 'invalid_content', networkCode: 'PROCESSING_FAILED' });
  });

  it('maps a duplicate to invalid content naming the first post', async () => {
    fixture = await linkedInFixture();
    const first = await fixture.connector.publish(fixture.session, request('Once only'));
    const error = await failureOf(fixture.connector.publish(fixture.session, request('Once only')));
    expect(error).toMatchObject({ errorClass: 'invalid_content', networkCode: 'DUPLICATE_POST', status: 422 });
    expect(error.message).toContain(first.remoteId);
  });

  it('waits for midnight UTC after a 429, as LinkedIn names no reset', async () => {
    fixture = await linkedInFixture();
    fixture.emulator.faults.inject({ kind: 'rate_limit', path: '/rest/posts' });
    const error = await failureOf(fixture.connector.publish(fixture.session, request('Later')));
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(error).toMatchObject({ errorClass: 'rate_limited', retryAt: midnight.getTime() });
  });

  it('says plainly when the API version is no longer served', async () => {
    fixture = await linkedInFixture();
    const error = await failureOf(
      fixture.connectorWith({ apiVersion: '202001' }).publish(fixture.session, request('Old')),
    );
    expect(error).toMatchObject({ errorClass: 'invalid_content', status: 426 });
    expect(error.message).toContain('LINKEDIN_API_VERSION');
  });
});

describe('tokens', () => {
  it('without a refresh token, an expired token means connecting again', async () => {
    fixture = await linkedInFixture({ refreshTokens: false });
    fixture.emulator.state.expireAllAccessTokens();
    const error = await failureOf(fixture.connector.publish(fixture.session, request('Expired')));
    expect(error.errorClass).toBe('auth');
    expect((await failureOf(fixture.connector.refresh(fixture.session.credentials))).errorClass).toBe('auth');
  });
});

describe('engagement and metrics', () => {
  it('lists comments across pages and replies as the page', async () => {
    fixture = await linkedInFixture();
    const post = await fixture.connector.publish(fixture.session, request('Questions?'));
    for (let index = 1; index <= 55; index += 1)
      fixture.emulator.addAudienceComment(post.remoteId, `fan.${index}`, `question ${index}`);
    const texts: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await fixture.connector.listComments?.(fixture.session, { postRemoteId: post.remoteId, cursor });
      texts.push(...(page?.comments.map((comment) => comment.text) ?? []));
      cursor = page?.nextCursor;
    } while (cursor);
    expect(texts).toHaveLength(55);
    expect(texts[0]).toBe('question 1');
    const first = fixture.emulator.state.commentsOn(post.remoteId)[0];
    const reply = await fixture.connector.replyToComment?.(fixture.session, {
      postRemoteId: post.remoteId,
      commentRemoteId: first?.urn ?? '',
      text: 'Thanks',
    });
    expect(fixture.emulator.state.comments.get(reply?.remoteId ?? '')).toMatchObject({
      actor: 'urn:li:organization:90000001',
      parentComment: first?.urn,
    });
  });

  it('maps an organization post’s share statistics to Crier’s names', async () => {
    fixture = await linkedInFixture();
    const post = await fixture.connector.publish(fixture.session, request('Count me'));
    Object.assign(fixture.emulator.state.posts.get(post.remoteId)?.statistics ?? {}, {
      impressionCount: 900,
      uniqueImpressionsCount: 700,
      clickCount: 40,
      likeCount: 25,
      shareCount: 3,
    });
    fixture.emulator.addAudienceComment(post.remoteId, 'fan.one', 'nice');
    const reading = await fixture.connector.readMetrics?.(fixture.session, { postRemoteId: post.remoteId });
    expect(reading?.metrics).toEqual({ impressions: 900, reach: 700, clicks: 40, likes: 25, comments: 1, shares: 3 });
    expect(reading?.raw.engagement).toBeCloseTo(69 / 900);
  });

  it('reads reactions and comments for a member’s post', async () => {
    fixture = await linkedInFixture({
      as: 'member',
      organizations: [{ id: '1', name: 'Other', followers: demoFollowers() }],
    });
    const post = await fixture.connector.publish(fixture.session, request('My own'));
    Object.assign(fixture.emulator.state.posts.get(post.remoteId)?.statistics ?? {}, { likeCount: 4 });
    const reading = await fixture.connector.readMetrics?.(fixture.session, { postRemoteId: post.remoteId });
    expect(reading).toEqual({
      metrics: { likes: 4, comments: 0 },
      raw: { 'reactions.LIKE': 4, 'commentSummary.count': 0 },
    });
  });
});
