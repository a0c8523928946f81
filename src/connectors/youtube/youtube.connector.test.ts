import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TINY_PNG } from '../../../sandbox/x/testing.js';
import { followConsent, type RunningYouTubeEmulator, startYouTubeEmulator } from '../../../sandbox/youtube/harness.js';
import { mediaFromFile, writeSyntheticVideo } from '../../../test/support/video-files.js';
import { syntheticMp4 } from '../../core/video-fixtures.js';
import type { AccountSession, Connector, PublishRequest } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes, singleAccount } from '../kit/testing.js';
import { nextQuotaReset } from './errors.js';
import { createYouTubeConnector, type YouTubeConnectorOptions } from './youtube.connector.js';

const CLIENT = { clientId: 'crier-test.apps.googleusercontent.com', clientSecret: 'test-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/youtube';
const MiB = 1024 * 1024;

let emulator: RunningYouTubeEmulator;
let folder: string;

beforeEach(async () => {
  emulator = await startYouTubeEmulator({ clients: [{ ...CLIENT, redirectUris: [REDIRECT] }], processingMs: 50 });
  folder = await mkdtemp(path.join(tmpdir(), 'crier-youtube-test-'));
});

afterEach(async () => {
  await emulator.close();
  await rm(folder, { recursive: true, force: true });
});

function connectorWith(overrides: Partial<YouTubeConnectorOptions> = {}): Connector {
  return createYouTubeConnector({
    environment: 'sandbox',
    ...CLIENT,
    apiBaseUrl: emulator.baseUrl,
    authorizeUrl: emulator.authorizeUrl,
    tokenUrl: emulator.tokenUrl,
    webUrl: emulator.baseUrl,
    upload: { chunkBytes: MiB, resumeBackoffMs: 10 },
    timeoutMs: 5000,
    ...overrides,
  });
}

async function connect(connector: Connector, username = 'crier_demo'): Promise<AccountSession> {
  if (connector.connect.kind !== 'oauth2') throw new Error('YouTube connects with OAuth 2.0');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'state-1' });
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

const smallVideo = () =>
  mediaFromBytes(syntheticMp4({ durationMs: 4000, width: 640, height: 360, payloadBytes: 2000 }), {
    mimeType: 'video/mp4',
    fileName: 'clip.mp4',
  });

function request(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { publicationId: 'p1', title: 'Launch film', text: 'The new model', media: [smallVideo()], ...overrides };
}

async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

describe('YouTube connector', () => {
  it('connects the channel behind the Google account, with its handle', async () => {
    const session = await connect(connectorWith());
    expect(session.profile).toMatchObject({ handle: '@crier_demo', displayName: 'crier_demo' });
    expect(session.profile.profileUrl).toBe(`${emulator.baseUrl}/@crier_demo`);
    expect(session.credentials.refreshToken).toMatch(/^1\/\//);
  });

  it('resumes an upload cut off after the second chunk and sends every byte exactly once', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    const file = path.join(folder, 'film.mp4');
    await writeSyntheticVideo(file, 5 * MiB + 12_345, { durationMs: 30_000, width: 1920, height: 1080 });
    // Two chunks go through; the third is cut after 300 kB, which YouTube keeps.
    emulator.faults.interruptUpload({ afterChunks: 2, afterBytes: 300_000 });

    const result = await connector.publish(session, request({ media: [await mediaFromFile(file)] }));

    const stored = emulator.state.videos.get(result.remoteId);
    expect(stored?.file.size).toBe(5 * MiB + 12_345);
    expect(await fileHash(stored?.file.path ?? '')).toBe(await fileHash(file));
    expect(result.permalink).toBe(`${emulator.baseUrl}/watch?v=${result.remoteId}`);
  });

  it('resumes after a chunk answered 503, asking YouTube how far it got', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    const file = path.join(folder, 'film.mp4');
    await writeSyntheticVideo(file, 3 * MiB, { durationMs: 10_000, width: 1280, height: 720 });
    emulator.faults.inject({ kind: 'server_error', status: 503, path: '/upload/youtube/v3/videos', method: 'PUT' });
    const result = await connector.publish(session, request({ media: [await mediaFromFile(file)] }));
    expect(emulator.state.videos.get(result.remoteId)?.file.size).toBe(3 * MiB);
  });

  it('sends title, description, tags and privacy; a publishAt makes the video private until then', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    const publishAt = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await connector.publish(
      session,
      request({
        text: 'Premiere tomorrow',
        options: { tags: ['launch', 'new model'], publishAt, notifySubscribers: false },
      }),
    );
    expect(emulator.state.videos.get(scheduled.remoteId)).toMatchObject({
      snippet: { title: 'Launch film', description: 'Premiere tomorrow', tags: ['launch', 'new model'] },
      status: { privacyStatus: 'private', publishAt },
    });
    const unlisted = await connector.publish(
      session,
      request({ title: undefined, text: 'First line\nMore', options: { privacy: 'unlisted' } }),
    );
    expect(emulator.state.videos.get(unlisted.remoteId)).toMatchObject({
      snippet: { title: 'First line', description: 'First line\nMore' },
      status: { privacyStatus: 'unlisted' },
    });
  });

  it('sets the image beside the video as its thumbnail; a refused thumbnail leaves the video published with a warning', async () => {
    const connector = connectorWith();
    const session = await connect(connector);
    const withThumbnail = await connector.publish(
      session,
      request({ media: [smallVideo(), mediaFromBytes(TINY_PNG)] }),
    );
    expect(emulator.state.videos.get(withThumbnail.remoteId)?.thumbnail?.size).toBe(TINY_PNG.length);
    expect(withThumbnail.warnings).toBeUndefined();

    emulator.faults.inject({ kind: 'server_error', status: 500, path: '/upload/youtube/v3/thumbnails/set' });
    const refused = await connector.publish(session, request({ media: [smallVideo(), mediaFromBytes(TINY_PNG)] }));
    expect(emulator.state.videos.has(refused.remoteId)).toBe(true);
    expect(refused.warnings?.[0]).toMatch(/published, but YouTube did not take its thumbnail/);
  });
});

describe('YouTube reconciliation', () => {
  const session = '/upload/youtube/v3/videos';

  it('finds the video of an upload whose last answer was lost, by asking its session', async () => {
    const connector = connectorWith({
      timeoutMs: 300,
      upload: { chunkTimeoutMs: 300, maxResumes: 1, resumeBackoffMs: 10 },
    });
    const account = await connect(connector);
    // The final (only) chunk lands but its answer is lost; the status query hangs too.
    emulator.faults.inject({ kind: 'timeout', afterProcessing: true, path: session, method: 'PUT' });
    emulator.faults.inject({ kind: 'timeout', path: session, method: 'PUT', count: 5 });
    await expect(connector.publish(account, request({ publicationId: 'lost-answer' }))).rejects.toMatchObject({
      errorClass: 'unknown_outcome',
    });
    emulator.faults.clear();
    const found = await connector.findPublished?.(account, { publicationId: 'lost-answer', text: 'x', since: 0 });
    expect(found && emulator.state.videos.has(found.remoteId)).toBe(true);
  });

  it('knows an upload whose last chunk never landed made no video, and cannot tell without its session', async () => {
    const connector = connectorWith({
      timeoutMs: 300,
      upload: { chunkTimeoutMs: 300, maxResumes: 1, resumeBackoffMs: 10 },
    });
    const account = await connect(connector);
    emulator.faults.inject({ kind: 'timeout', path: session, method: 'PUT', count: 5 });
    await expect(connector.publish(account, request({ publicationId: 'never-landed' }))).rejects.toMatchObject({
      errorClass: 'unknown_outcome',
    });
    emulator.faults.clear();
    expect(
      await connector.findPublished?.(account, { publicationId: 'never-landed', text: 'x', since: 0 }),
    ).toBeUndefined();
    await expect(
      connector.findPublished?.(account, { publicationId: 'unknown', text: 'x', since: 0 }),
    ).rejects.toMatchObject({
      errorClass: 'transient',
    });
  });
});

describe('YouTube daily quota', () => {
  it('refuses an upload that would exceed the day’s units before sending anything', async () => {
    const connector = connectorWith({ quota: { dailyUnits: 3300 } });
    const session = await connect(connector);
    await connector.publish(session, request());
    await connector.publish(session, request());
    const sessionsBefore = emulator.state.sessions.size;

    const refused = await connector.publish(session, request()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConnectorError);
    expect(refused).toMatchObject({ errorClass: 'rate_limited', networkCode: 'quotaExceeded' });
    expect((refused as ConnectorError).message).toMatch(/costs 1600 units and 100 of 3300 are left today/);
    expect((refused as ConnectorError).retryAt).toBe(nextQuotaReset(Date.now()));
    expect(emulator.state.sessions.size).toBe(sessionsBefore);

    // Reading still fits in the 100 units left.
    const reading = await connector.readMetrics?.(session, {
      postRemoteId: [...emulator.state.videos.keys()][0] ?? '',
    });
    expect(reading?.metrics.video_views).toBe(0);
  });

  it('counts each channel apart, and closes the day when YouTube says the quota is spent', async () => {
    const connector = connectorWith({ quota: { dailyUnits: 10_000, uploadsPerDay: 1 } });
    const first = await connect(connector, 'first_channel');
    const second = await connect(connector, 'second_channel');
    await connector.publish(first, request());
    await expect(connector.publish(first, request())).rejects.toMatchObject({ errorClass: 'rate_limited' });
    await connector.publish(second, request());

    const third = await connect(connector, 'third_channel');
    emulator.quota.setUsed(`project:${CLIENT.clientId}`, 10_000);
    await expect(connector.publish(third, request())).rejects.toMatchObject({
      errorClass: 'rate_limited',
      networkCode: 'quotaExceeded',
    });
    emulator.quota.clear();
    // Crier now knows the day is over for this channel and does not ask again.
    const again = await connector.publish(third, request()).catch((error: unknown) => error);
    expect((again as ConnectorError).message).toMatch(/uploads of the day are used|left today/);
  });
});

describe('YouTube validation', () => {
  it('reports every problem at once: no video, long first-line title, past publishAt, privacy beside publishAt', () => {
    const connector = connectorWith();
    const check = connector.validate({
      text: `${'A'.repeat(120)}\nrest`,
      media: [{ id: 'i', mimeType: 'image/png', size: 10, altText: '' }],
      options: { publishAt: '2001-01-01T00:00:00Z', privacy: 'public', tags: ['x'.repeat(501)] },
    });
    expect(check.problems.map((problem) => problem.code).sort()).toEqual(
      ['publish_at_invalid', 'publish_at_needs_private', 'tags_too_long', 'title_too_long', 'video_required'].sort(),
    );
    expect(check.problems.find((problem) => problem.code === 'title_too_long')?.message).toMatch(
      /first line of the text/,
    );
  });

  it('accepts a video with one JPEG or PNG thumbnail and refuses two images', () => {
    const connector = connectorWith();
    const video = { id: 'v', kind: 'video' as const, mimeType: 'video/mp4', size: 10 * MiB, altText: '' };
    const image = { id: 'i', mimeType: 'image/png', size: 10, altText: '' };
    expect(connector.validate({ text: 'Film', media: [video, image] }).problems).toEqual([]);
    expect(
      connector.validate({ text: 'Film', media: [video, image, image] }).problems.map((problem) => problem.code),
    ).toContain('too_many_images');
  });
});
