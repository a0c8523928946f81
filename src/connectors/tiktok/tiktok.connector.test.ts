import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followConsent, type RunningTikTokEmulator, startTikTokEmulator } from '../../../sandbox/tiktok/harness.js';
import { syntheticMp4 } from '../../core/video-fixtures.js';
import type { AccountSession, Connector, PublishRequest } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes, singleAccount } from '../kit/testing.js';
import { createTikTokConnector, type TikTokConnectorOptions } from './tiktok.connector.js';

const APP = { clientKey: 'crier-test', clientSecret: 'test-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/tiktok';
const MiB = 1024 * 1024;

let emulator: RunningTikTokEmulator;

beforeEach(async () => {
  emulator = await startTikTokEmulator({
    clients: [{ ...APP, redirectUris: [REDIRECT], audited: true }],
    processingMs: 30,
    moderationMs: 30,
    rateLimits: { '/v2/post/publish/video/init/': 100, '/v2/post/publish/status/fetch/': 10_000 },
  });
});

afterEach(async () => {
  await emulator.close();
});

function connectorWith(overrides: Partial<TikTokConnectorOptions> = {}): Connector {
  return createTikTokConnector({
    environment: 'sandbox',
    ...APP,
    apiBaseUrl: emulator.baseUrl,
    authorizeUrl: emulator.authorizeUrl,
    webUrl: emulator.baseUrl,
    chunkBytes: 5 * MiB,
    statusPoll: { intervalMs: 20, maxWaitMs: 2000 },
    timeoutMs: 2000,
    ...overrides,
  });
}

async function connect(connector: Connector, username = 'crier_demo'): Promise<AccountSession> {
  if (connector.connect.kind !== 'oauth2') throw new Error('TikTok connects with OAuth 2.0');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 's' });
  expect(new URL(begun.authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
  const callback = await followConsent(begun.authorizeUrl, username);
  const account = singleAccount(
    await connector.connect.complete({
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: begun.codeVerifier,
    }),
  );
  const session: AccountSession = {
    profile: account.profile,
    credentials: account.credentials,
    async saveCredentials(next) {
      session.credentials = next.credentials;
    },
  };
  return session;
}

const clip = (durationMs = 10_000, payloadBytes = 4096) =>
  mediaFromBytes(syntheticMp4({ durationMs, width: 1080, height: 1920, payloadBytes }), {
    mimeType: 'video/mp4',
    fileName: 'clip.mp4',
  });

const post = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
  publicationId: 'p1',
  text: 'Ice-cold and refreshing #summer',
  media: [clip()],
  ...overrides,
});

async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ConnectorError);
  return outcome as ConnectorError;
}

describe('TikTok connector', () => {
  it('connects with PKCE and names the creator from creator info', async () => {
    const session = await connect(connectorWith());
    expect(session.profile).toMatchObject({ handle: 'crier_demo', profileUrl: `${emulator.baseUrl}/@crier_demo` });
  });

  it('uploads a video in chunks (the last carrying the rest) and returns the post once TikTok publishes it', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    const bytes = syntheticMp4({ durationMs: 20_000, width: 1080, height: 1920, payloadBytes: 12 * MiB });
    const result = await connector.publish(
      session,
      post({ media: [mediaFromBytes(bytes, { mimeType: 'video/mp4' })] }),
    );
    expect(result.remoteId).toMatch(/^\d{19}$/);
    expect(result.permalink).toBe(`${emulator.baseUrl}/@crier_demo/video/${result.remoteId}`);
    const stored = emulator.state.findPostByPostId(result.remoteId);
    expect(stored).toMatchObject({
      totalChunkCount: 2,
      chunkSize: 5 * MiB,
      postInfo: { privacyLevel: 'SELF_ONLY', title: 'Ice-cold and refreshing #summer' },
    });
    const hash = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
    expect(hash(await readFile(stored?.file ?? ''))).toBe(hash(bytes));
  });

  it('surfaces TikTok’s reason when processing fails', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    emulator.faults.failNextPost('spam_risk_text');
    const failure = await failureOf(connector.publish(session, post()));
    expect(failure).toMatchObject({ errorClass: 'invalid_content', networkCode: 'spam_risk_text' });
    expect(failure.message).toBe('TikTok did not publish the post: TikTok flagged the caption (spam_risk_text)');
    expect(failure.networkMessage).toMatch(/^spam_risk_text \(publish id v_pub_file~/);

    emulator.faults.failNextPost('internal');
    expect(await failureOf(connector.publish(session, post()))).toMatchObject({
      errorClass: 'transient',
      networkCode: 'internal',
    });
  });

  it('ends a post that never finishes processing as a clear unknown outcome once the poll budget is spent', async () => {
    const connector = connectorWith({ statusPoll: { intervalMs: 20, maxWaitMs: 300 } });
    const session = await connect(connector);
    emulator.faults.stickNextPost();
    const started = Date.now();
    const failure = await failureOf(connector.publish(session, post()));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(failure.errorClass).toBe('unknown_outcome');
    expect(failure.networkCode).toBe('processing_timeout');
    expect(failure.message).toMatch(
      /^TikTok had not finished processing the post after 0.3 s \(last status: PROCESSING_UPLOAD\); it may still appear on the account\. Check TikTok before posting it again \(publish id v_pub_file~/,
    );
  });

  it('reconciles an unknown outcome by asking about that very post, then by the creator’s list', async () => {
    const connector = connectorWith({ statusPoll: { intervalMs: 20, maxWaitMs: 200 } });
    const session = await connect(connector);
    const request = post({ publicationId: 'late-1', text: 'Late but there' });
    emulator.faults.stickNextPost();
    await expect(connector.publish(session, request)).rejects.toMatchObject({ errorClass: 'unknown_outcome' });
    const find = () =>
      connector.findPublished?.(session, {
        publicationId: 'late-1',
        text: 'Late but there',
        since: Date.now() - 60_000,
      });
    await expect(find()).rejects.toMatchObject({
      errorClass: 'transient',
      message: expect.stringMatching(/still processing/),
    });

    const stuck = [...emulator.state.posts.values()][0];
    if (stuck) stuck.stuck = false;
    await new Promise((resolve) => setTimeout(resolve, 80));
    const found = await find();
    expect(found?.remoteId).toMatch(/^\d{19}$/);
    expect(found?.remoteId).toBe(stuck?.postId);

    // Another process (no publish id in memory) finds it by its caption, and cannot tell for a missing one.
    const other = connectorWith();
    expect(
      (
        await other.findPublished?.(session, {
          publicationId: 'late-1',
          text: 'Late but there',
          since: Date.now() - 60_000,
        })
      )?.remoteId,
    ).toBe(found?.remoteId);
    await expect(
      other.findPublished?.(session, { publicationId: 'x', text: 'Never posted', since: Date.now() - 60_000 }),
    ).rejects.toMatchObject({
      errorClass: 'transient',
    });
  });

  it('says a failed post is certainly not on TikTok when reconciling', async () => {
    const connector = connectorWith({ statusPoll: { intervalMs: 20, maxWaitMs: 200 } });
    const session = await connect(connector);
    emulator.faults.stickNextPost();
    await expect(connector.publish(session, post({ publicationId: 'doomed' }))).rejects.toMatchObject({
      errorClass: 'unknown_outcome',
    });
    const stuck = [...emulator.state.posts.values()][0];
    if (stuck) Object.assign(stuck, { stuck: false, failReason: 'internal' });
    expect(
      await connector.findPublished?.(session, {
        publicationId: 'doomed',
        text: post().text,
        since: Date.now() - 60_000,
      }),
    ).toBeUndefined();
  });

  it('checks privacy and length against creator info before sending the video', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    await fetch(`${emulator.baseUrl}/_emulator/creators/crier_demo`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ privacyLevelOptions: ['SELF_ONLY', 'MUTUAL_FOLLOW_FRIENDS'], maxVideoPostDurationSec: 8 }),
    });
    const privacy = await failureOf(
      connector.publish(session, post({ options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } })),
    );
    expect(privacy.message).toBe(
      'This TikTok account takes posts for SELF_ONLY, MUTUAL_FOLLOW_FRIENDS; the variant asks for PUBLIC_TO_EVERYONE',
    );
    const tooLong = await failureOf(connector.publish(session, post({ media: [clip(10_000)] })));
    expect(tooLong).toMatchObject({
      errorClass: 'invalid_content',
      message: 'This TikTok account posts videos up to 8 s; this one lasts 10 s',
    });
    expect(emulator.state.posts.size).toBe(0);
  });

  it('turns comments off when the creator has them off, whatever the variant says', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    await fetch(`${emulator.baseUrl}/_emulator/creators/crier_demo`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ commentDisabled: true }),
    });
    const result = await connector.publish(
      session,
      post({ options: { disableComment: false, privacyLevel: 'FOLLOWER_OF_CREATOR' } }),
    );
    expect(emulator.state.findPostByPostId(result.remoteId)?.postInfo).toMatchObject({
      disableComment: true,
      privacyLevel: 'FOLLOWER_OF_CREATOR',
    });
  });

  it('saves the rotated refresh token when an expired access token is renewed', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    const before = session.credentials.refreshToken;
    emulator.faults.expireAllTokens();
    await connector.publish(session, post());
    expect(session.credentials.refreshToken).not.toBe(before);
  });

  it('does not send a chunk twice when its answer was lost but TikTok has it', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    emulator.faults.inject({ kind: 'timeout', afterProcessing: true, path: '/upload/video/', method: 'PUT' });
    const result = await connectorWith({ chunkTimeoutMs: 300 }).publish(session, post());
    expect(emulator.state.findPostByPostId(result.remoteId)?.chunksReceived).toBe(1);
  });

  it('reads counts in Crier’s names', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    const result = await connector.publish(session, post());
    await fetch(`${emulator.baseUrl}/_emulator/posts/${result.remoteId}/statistics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ viewCount: 1500, likeCount: 90, commentCount: 4, shareCount: 12 }),
    });
    expect(await connector.readMetrics?.(session, { postRemoteId: result.remoteId })).toEqual({
      metrics: { video_views: 1500, likes: 90, comments: 4, shares: 12 },
      raw: { view_count: 1500, like_count: 90, comment_count: 4, share_count: 12 },
    });
  });
});

describe('TikTok validation', () => {
  it('needs a way to publish photos, and counts a caption in UTF-16 units', () => {
    const connector = connectorWith();
    const photo = { id: 'i', mimeType: 'image/jpeg', size: 100, altText: '' };
    expect(connector.capabilities.images).toBe(false);
    expect(connector.validate({ text: 'Bottle', media: [photo] }).problems.map((problem) => problem.code)).toEqual([
      'photos_need_public_urls',
    ]);
    const video = { id: 'v', kind: 'video' as const, mimeType: 'video/mp4', size: 1000, altText: '' };
    const problems = connector.validate({ text: '🍹'.repeat(1101), media: [video] }).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'text_too_long', limit: 2200, actual: 2202 })]);
  });

  it('refuses PNG photos, a video beside photos and a video shorter than 3 s', () => {
    const connector = connectorWith({ photoUrlFor: () => 'https://media.example/x.jpg' });
    const png = { id: 'p', mimeType: 'image/png', size: 100, altText: '' };
    const shortVideo = {
      id: 'v',
      kind: 'video' as const,
      mimeType: 'video/mp4',
      size: 1000,
      altText: '',
      durationMs: 2000,
    };
    const codes = connector.validate({ text: 'x', media: [png, shortVideo] }).problems.map((problem) => problem.code);
    expect(codes).toEqual(
      expect.arrayContaining(['image_type_unsupported', 'video_with_other_media', 'video_too_short']),
    );
  });
});
