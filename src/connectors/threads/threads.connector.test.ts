import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleMp4, samplePng } from '../../../sandbox/common/media-samples.js';
import type { PublishRequest } from '../kit/connector.js';
import type { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes } from '../kit/testing.js';
import { type ThreadsFixture, threadsFixture } from './testing.js';

let fixture: ThreadsFixture;
afterEach(async () => {
  await fixture?.close();
});

const request = (text: string, extra: Partial<PublishRequest> = {}): PublishRequest => ({
  publicationId: randomUUID(),
  text,
  media: [],
  ...extra,
});
const png = (width = 1080, height = 1080) =>
  mediaFromBytes(samplePng(width, height), { mimeType: 'image/png', fileName: 'photo.png', altText: 'A photo' });
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as ConnectorError,
  );

describe('connecting', () => {
  it('trades the code for a 60-day token and reads the profile id from /me as a string', async () => {
    fixture = await threadsFixture({ username: 'cold.drinks' });
    const { session } = fixture;
    expect(session.profile).toMatchObject({
      handle: 'cold.drinks',
      profileUrl: expect.stringMatching(/\/@cold\.drinks$/),
    });
    const credentials = session.credentials as { userId: string; expiresAt: number; issuedAt: number };
    expect(credentials.userId).toBe([...fixture.emulator.state.users.values()][0]?.id);
    expect(credentials.expiresAt - credentials.issuedAt).toBe(60 * 24 * 60 * 60_000);
  });
});

describe('segments compile to allowlisted_country_codes', () => {
  it('a post for Japan and Korea arrives with those countries', async () => {
    fixture = await threadsFixture({ eligibleForGeoGating: true });
    const compiled = fixture.connector.compileTargeting?.({ countries: ['jp', 'KR'] });
    expect(compiled).toEqual({ ok: true, targeting: { allowlisted_country_codes: ['JP', 'KR'] } });
    if (!compiled?.ok) throw new Error('compiled');
    const result = await fixture.connector.publish(
      fixture.session,
      request('A taste of summer', { targeting: compiled.targeting }),
    );
    expect(fixture.emulator.state.media.get(result.remoteId)?.allowlistedCountryCodes).toEqual(['JP', 'KR']);
  });

  it('refuses what Threads cannot express, with a reason each, before anything is sent', async () => {
    fixture = await threadsFixture();
    const compiled = fixture.connector.compileTargeting?.({
      countries: ['US'],
      regions: ['US-CA'],
      ageMin: 18,
      interests: ['surfing'],
    });
    expect(compiled).toEqual({
      ok: false,
      reasons: [
        'Threads cannot limit a post by region (it takes whole countries): only by country',
        'Threads cannot limit a post by age: only by country',
        'Threads cannot limit a post by interest: only by country',
      ],
    });
    expect(fixture.emulator.state.containers.size).toBe(0);
  });

  it('refuses a country-limited post from a profile not eligible for geo-gating, before any container', async () => {
    fixture = await threadsFixture({ eligibleForGeoGating: false });
    const error = await failureOf(
      fixture.connector.publish(
        fixture.session,
        request('Only in Japan', { targeting: { allowlisted_country_codes: ['JP'] } }),
      ),
    );
    expect(error.errorClass).toBe('invalid_content');
    expect(error.message).toContain('not eligible');
    expect(fixture.emulator.state.containers.size).toBe(0);
  });
});

describe('publishing', () => {
  it('attaches the text’s first link as link_attachment, and options as reply_control and topic_tag', async () => {
    fixture = await threadsFixture();
    const result = await fixture.connector.publish(
      fixture.session,
      request('Test drives this weekend https://example.com/drive', {
        options: { replyControl: 'followers_only', topicTag: 'Cars' },
      }),
    );
    expect(fixture.emulator.state.media.get(result.remoteId)).toMatchObject({
      linkAttachmentUrl: 'https://example.com/drive',
      replyControl: 'followers_only',
      topicTag: 'Cars',
    });
    expect(result.permalink).toMatch(/\/@crier\.demo\/post\//);
  });

  it('publishes a carousel of a photo and a video as one post', async () => {
    fixture = await threadsFixture();
    const video = mediaFromBytes(sampleMp4(), { mimeType: 'video/mp4', fileName: 'clip.mp4' });
    const result = await fixture.connector.publish(fixture.session, request('Both', { media: [png(), video] }));
    expect(fixture.emulator.state.media.get(result.remoteId)?.children.map((child) => child.mediaType)).toEqual([
      'IMAGE',
      'VIDEO',
    ]);
  });

  it('ends a container in ERROR as invalid content with Threads’ reason, and publishes nothing', async () => {
    fixture = await threadsFixture();
    const error = await failureOf(
      fixture.connector.publish(fixture.session, request('Too wide', { media: [png(3000, 200)] })),
    );
    expect(error).toMatchObject({ errorClass: 'invalid_content', networkMessage: 'INVALID_ASPEC_RATIO' });
    expect(fixture.emulator.state.media.size).toBe(0);
  });

  it('gives up on a container stuck IN_PROGRESS as transient, never hanging, never publishing', async () => {
    fixture = await threadsFixture({
      videoProcessingMs: 60_000,
      options: { containerWait: { pollIntervalMs: 20, maxWaitMs: 150 } },
    });
    const video = mediaFromBytes(sampleMp4(), { mimeType: 'video/mp4', fileName: 'clip.mp4' });
    const error = await failureOf(fixture.connector.publish(fixture.session, request('Slow', { media: [video] })));
    expect(error.errorClass).toBe('transient');
    expect(error.message).toContain('IN_PROGRESS');
    expect(fixture.emulator.state.media.size).toBe(0);
  });

  it('waits in Crier when the publishing quota is spent, before making containers', async () => {
    fixture = await threadsFixture();
    const userId = fixture.session.profile.remoteId;
    for (let index = 0; index < 250; index += 1)
      fixture.emulator.state.publishLog.push({ userId, at: Date.now(), reply: false });
    const before = Date.now();
    const error = await failureOf(fixture.connector.publish(fixture.session, request('One too many')));
    expect(error.errorClass).toBe('rate_limited');
    expect(error.retryAt).toBeGreaterThan(before + 59 * 60_000);
    expect(fixture.emulator.state.containers.size).toBe(0);
  });

  it('finds the post after a publish whose answer was lost', async () => {
    fixture = await threadsFixture();
    fixture.emulator.faults.inject({ kind: 'timeout', path: '/v1.0/*/threads_publish', afterProcessing: true });
    const since = Date.now();
    const lost = request('Did it go out?');
    const error = await failureOf(fixture.connectorWith({ timeoutMs: 300 }).publish(fixture.session, lost));
    expect(error.errorClass).toBe('unknown_outcome');
    const found = await fixture.connector.findPublished?.(fixture.session, {
      publicationId: lost.publicationId,
      text: lost.text,
      since,
    });
    expect(found?.remoteId).toBe([...fixture.emulator.state.media.values()][0]?.id);
    expect(
      await fixture.connector.findPublished?.(fixture.session, { publicationId: 'x', text: 'never sent', since }),
    ).toBeUndefined();
  });
});

describe('tokens', () => {
  it('renews a token in its last week before publishing, and saves the new one first', async () => {
    fixture = await threadsFixture();
    const before = (fixture.session.credentials as { accessToken: string }).accessToken;
    fixture.advance(55 * 24 * 60 * 60_000);
    await fixture.connector.publish(fixture.session, request('Still here'));
    expect(fixture.saved).toHaveLength(1);
    expect((fixture.saved[0] as { accessToken: string }).accessToken).not.toBe(before);
  });

  it('asks the person to connect again once the token has lapsed: Threads cannot renew it', async () => {
    fixture = await threadsFixture();
    fixture.advance(61 * 24 * 60 * 60_000);
    const error = await failureOf(fixture.connector.publish(fixture.session, request('Too late')));
    expect(error.errorClass).toBe('auth');
    expect((await failureOf(fixture.connector.refresh(fixture.session.credentials))).errorClass).toBe('auth');
  });

  it('maps a revoked token (Graph 190) to auth', async () => {
    fixture = await threadsFixture();
    fixture.emulator.state.revokeUserTokens(fixture.session.profile.remoteId);
    const error = await failureOf(fixture.connector.publish(fixture.session, request('Gone')));
    expect(error).toMatchObject({ errorClass: 'auth', networkCode: '190' });
  });
});

describe('engagement and metrics', () => {
  it('lists a conversation oldest first across pages, then replies to one reply', async () => {
    fixture = await threadsFixture();
    const post = await fixture.connector.publish(fixture.session, request('Ask us anything'));
    for (let index = 1; index <= 55; index += 1)
      fixture.emulator.addAudienceReply(post.remoteId, `fan.${index}`, `question ${index}`);
    const texts: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await fixture.connector.listComments?.(fixture.session, { postRemoteId: post.remoteId, cursor });
      texts.push(...(page?.comments.map((comment) => comment.text) ?? []));
      cursor = page?.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(2);
    expect(texts[0]).toBe('question 1');
    expect(texts).toHaveLength(55);
    const first = fixture.emulator.state.repliesTo(post.remoteId, 'direct')[0];
    const reply = await fixture.connector.replyToComment?.(fixture.session, {
      postRemoteId: post.remoteId,
      commentRemoteId: first?.id ?? '',
      text: 'Thanks!',
    });
    expect(fixture.emulator.state.media.get(reply?.remoteId ?? '')).toMatchObject({
      replyToId: first?.id,
      rootPostId: post.remoteId,
    });
    const page = await fixture.connector.listComments?.(fixture.session, {
      postRemoteId: post.remoteId,
      cursor: undefined,
    });
    expect(page?.comments[0]?.author.handle).toBe('fan.1');
  });

  it('maps views, likes, replies, reposts, quotes and shares to Crier’s names', async () => {
    fixture = await threadsFixture();
    const post = await fixture.connector.publish(fixture.session, request('Count me'));
    Object.assign(fixture.emulator.state.media.get(post.remoteId)?.insights ?? {}, {
      views: 300,
      likes: 12,
      reposts: 3,
      quotes: 1,
      shares: 2,
    });
    fixture.emulator.addAudienceReply(post.remoteId, 'fan.one', 'hi');
    const reading = await fixture.connector.readMetrics?.(fixture.session, { postRemoteId: post.remoteId });
    expect(reading).toEqual({
      metrics: { impressions: 300, likes: 12, comments: 1, shares: 6 },
      raw: { views: 300, likes: 12, replies: 1, reposts: 3, quotes: 1, shares: 2 },
    });
  });
});
