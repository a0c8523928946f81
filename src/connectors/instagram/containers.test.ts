import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  followFacebookLogin,
  type RunningGraphEmulator,
  startGraphEmulator,
} from '../../../sandbox/facebook/harness.js';
import { connectorOptionsFor, jpegOf, TEST_APP } from '../../../sandbox/facebook/testing.js';
import type { AccountSession, Connector, PublishMedia } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { mediaFromBytes, singleAccount } from '../kit/testing.js';
import { createInstagramConnector } from './instagram.connector.js';

/** Graph calls as the connector made them, in order. */
const calls: string[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  const fields = url.searchParams.get('fields');
  calls.push(
    `${init?.method ?? 'GET'} ${url.pathname.replace(/^\/v\d+\.\d+/, '')}${fields ? `?fields=${fields}` : ''}`,
  );
  return fetch(input, init);
};

describe('Instagram media containers', () => {
  let emulator: RunningGraphEmulator;
  let connector: Connector;
  let session: AccountSession;
  let photo: PublishMedia;

  beforeAll(async () => {
    emulator = await startGraphEmulator({
      apps: [{ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, redirectUris: [TEST_APP.redirectUri] }],
      containerProcessingMs: 150,
    });
    connector = createInstagramConnector(
      connectorOptionsFor(emulator, { fetch: recordingFetch, processingWait: { pollIntervalMs: 40, maxWaitMs: 600 } }),
    );
    if (connector.connect.kind !== 'oauth2') throw new Error('oauth2 expected');
    const begun = await connector.connect.begin({ redirectUri: TEST_APP.redirectUri, state: 's' });
    const callback = await followFacebookLogin(begun.authorizeUrl, 'Carousel');
    const account = singleAccount(
      await connector.connect.complete({
        redirectUri: TEST_APP.redirectUri,
        code: callback.searchParams.get('code') ?? '',
        codeVerifier: '',
      }),
    );
    session = { profile: account.profile, credentials: account.credentials, saveCredentials: async () => undefined };
    photo = mediaFromBytes(await jpegOf(1080, 1080), {
      mimeType: 'image/jpeg',
      width: 1080,
      height: 1080,
      altText: 'A bottle',
    });
  });
  beforeEach(() => {
    calls.length = 0;
    emulator.faults.clear();
  });
  afterAll(() => emulator.close());

  it('publishes a carousel: item containers, wait until FINISHED, parent, wait, then media_publish', async () => {
    const result = await connector.publish(session, {
      publicationId: 'c1',
      text: 'Three flavours #summer',
      media: [photo, photo, photo],
    });

    const media = emulator.state.media.get(result.remoteId);
    expect(media).toMatchObject({ mediaType: 'CAROUSEL_ALBUM', childCount: 3, caption: 'Three flavours #summer' });
    const parent = emulator.state.containers.get(media?.containerId ?? '');
    expect(parent).toMatchObject({ mediaType: 'CAROUSEL', statusCode: 'PUBLISHED' });
    for (const childId of parent?.children ?? [])
      expect(emulator.state.containers.get(childId)?.isCarouselItem).toBe(true);

    const steps = calls.filter((call) => !call.includes('/photos') && !call.includes('fields=images'));
    const creates = steps.flatMap((call, index) => (call.endsWith('/media') && call.startsWith('POST') ? [index] : []));
    expect(creates).toHaveLength(4);
    // Every container is polled to FINISHED before the next step, and media_publish comes last.
    for (const index of creates) expect(steps[index + 1]).toMatch(/fields=status_code,status/);
    const publishAt = steps.findIndex((call) => call.endsWith('/media_publish'));
    expect(publishAt).toBeGreaterThan(creates.at(-1) ?? Number.POSITIVE_INFINITY);
    expect(
      steps.slice(creates.at(-1), publishAt).filter((call) => call.includes('status_code')).length,
    ).toBeGreaterThan(1);
    expect(result.permalink).toContain('/web/instagram/p/');
  });

  it('ends a container stuck IN_PROGRESS as a clear, retryable failure within the wait', async () => {
    emulator.faults.setContainerFate('stuck');
    const started = Date.now();
    const failure = await connector
      .publish(session, { publicationId: 'c2', text: 'Stuck', media: [photo] })
      .catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ errorClass: 'transient', networkCode: 'IN_PROGRESS' });
    expect((failure as Error).message).toMatch(/still processing the post \(IN_PROGRESS\).*nothing was published/);
    expect(calls.some((call) => call.endsWith('/media_publish'))).toBe(false);
  });

  it('ends a container in ERROR as invalid content with Meta’s explanation', async () => {
    emulator.faults.setContainerFate('error');
    const failure = await connector
      .publish(session, { publicationId: 'c3', text: 'Broken', media: [photo] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorClass: 'invalid_content', networkCode: 'ERROR' });
    expect((failure as Error).message).toMatch(/could not process the post: Error: .*2207003/);
    expect(calls.some((call) => call.endsWith('/media_publish'))).toBe(false);
  });

  it('fails a carousel whose item ends in ERROR before creating the parent', async () => {
    emulator.faults.setContainerFate('error');
    const failure = await connector
      .publish(session, { publicationId: 'c4', text: 'Broken item', media: [photo, photo] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorClass: 'invalid_content' });
    expect((failure as Error).message).toMatch(/carousel item 1/);
  });

  it('streams a large reel to the resumable upload without holding it in memory', async () => {
    const size = 48 * 1024 * 1024;
    const chunk = new Uint8Array(1024 * 1024);
    async function* zeros() {
      for (let sent = 0; sent < size; sent += chunk.byteLength) yield chunk;
    }
    const reel: PublishMedia = {
      id: 'reel',
      kind: 'video',
      mimeType: 'video/mp4',
      size,
      altText: '',
      fileName: 'reel.mp4',
      durationMs: 30_000,
      read: () => Promise.reject(new Error('a video must be streamed, not read whole')),
      stream: () => Readable.from(zeros()),
    };
    const before = process.memoryUsage().rss;
    const result = await connector.publish(session, { publicationId: 'big', text: 'A long pour', media: [reel] });
    const container = emulator.state.containers.get(emulator.state.media.get(result.remoteId)?.containerId ?? '');
    expect(container).toMatchObject({ mediaType: 'REELS', receivedBytes: size, statusCode: 'PUBLISHED' });
    expect(process.memoryUsage().rss - before).toBeLessThan(size);
  });

  it('refuses before sending: no media, too many hashtags, a photo outside 4:5 to 1.91:1', () => {
    const tall = { ...photo, width: 1000, height: 2000 };
    const check = connector.validate({ text: '#a '.repeat(31), media: [] });
    expect(check.problems.map((problem) => problem.code)).toEqual(['media_missing', 'too_many_hashtags']);
    const aspect = connector.validate({ text: 'Tall', media: [photo, tall] });
    expect(aspect.problems).toEqual([expect.objectContaining({ code: 'image_aspect_ratio', field: 'media[1]' })]);
  });
});
