import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { followConsent, startTikTokEmulator } from '../../sandbox/tiktok/harness.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession, PublishMedia } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';
import { createTikTokConnector } from '../../src/connectors/tiktok/tiktok.connector.js';
import { syntheticMp4 } from '../../src/core/video-fixtures.js';

const APP = { clientKey: 'crier-conformance', clientSecret: 'conformance-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/tiktok';
const VIDEO = syntheticMp4({ durationMs: 15_000, width: 1080, height: 1920, payloadBytes: 64 * 1024 });

/**
 * TikTok takes photos only from public URLs on a prefix the app verified; this stands in for the
 * public file server such a Crier would have, and the emulator fetches the photos back from it.
 */
async function startPhotoHost(): Promise<{
  server: Server;
  prefix: string;
  urlFor(media: PublishMedia): Promise<string>;
}> {
  const files = new Map<string, Uint8Array>();
  const server = createServer((request, response) => {
    const bytes = files.get((request.url ?? '').replace('/photos/', ''));
    response.writeHead(bytes ? 200 : 404, { 'content-type': 'image/jpeg' }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const prefix = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photos/`;
  return {
    server,
    prefix,
    async urlFor(media) {
      files.set(media.id, await media.read());
      return `${prefix}${media.id}`;
    },
  };
}

const tiktok: ConformanceTarget = {
  network: 'tiktok',
  contentTypes: ['video', 'image', 'images'],
  comments: false,
  metrics: true,
  async setup() {
    const photoHost = await startPhotoHost();
    const emulator = await startTikTokEmulator({
      clients: [{ ...APP, redirectUris: [REDIRECT] }],
      verifiedUrlPrefixes: [photoHost.prefix],
      processingMs: 50,
      moderationMs: 50,
      // The suite posts faster than TikTok's per-minute and daily limits allow.
      rateLimits: {
        '/v2/post/publish/video/init/': 1000,
        '/v2/post/publish/content/init/': 1000,
        '/v2/post/publish/status/fetch/': 10_000,
      },
      dailyPostCap: 1000,
    });
    const connector = createTikTokConnector({
      environment: 'sandbox',
      ...APP,
      apiBaseUrl: emulator.baseUrl,
      authorizeUrl: emulator.authorizeUrl,
      webUrl: emulator.baseUrl,
      photoUrlFor: (media) => photoHost.urlFor(media),
      statusPoll: { intervalMs: 50, maxWaitMs: 3000 },
      timeoutMs: 1000,
    });
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#2a7' } })
      .jpeg()
      .toBuffer();
    const photo = (altText: string) => mediaFromBytes(jpeg, { altText, mimeType: 'image/jpeg', fileName: 'photo.jpg' });
    const video = () => mediaFromBytes(VIDEO, { mimeType: 'video/mp4', fileName: 'clip.mp4' });
    let current: AccountSession | undefined;
    const credentials = () => current?.credentials as { accessToken: string; refreshToken: string; openId: string };
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('TikTok connects with OAuth 2.0');
        const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'conformance' });
        const callback = await followConsent(begun.authorizeUrl, 'conformance');
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
        current = session;
        return session;
      },
      samples: {
        video: () => ({
          publicationId: '',
          text: 'Ice-cold and refreshing #summer 夏',
          media: [video()],
          options: { privacyLevel: 'SELF_ONLY' },
        }),
        image: () => ({
          publicationId: '',
          title: 'The new bottle',
          text: 'A green bottle in the sun',
          media: [photo('Bottle')],
        }),
        images: () => ({
          publicationId: '',
          title: 'Four colours',
          text: 'Red, blue, green, gold',
          media: ['Red', 'Blue', 'Green', 'Gold'].map(photo),
        }),
      },
      simple: () => ({ publicationId: '', text: 'Simple clip', media: [video()] }),
      overLimit: {
        publicationId: '',
        text: '🍹'.repeat(1200),
        media: [video(), video()],
        options: { privacyLevel: 'EVERYONE' },
      },
      async readBack(remoteId) {
        const post = emulator.state.findPostByPostId(remoteId);
        return (
          post && {
            text: `${post.postInfo.title}\n${post.postInfo.description ?? ''}`,
            mediaCount: post.mediaType === 'PHOTO' ? post.photoUrls.length : 1,
          }
        );
      },
      async inject(fault) {
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', path: '/v2/post/publish/video/init/' });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 500, path: '/v2/post/publish/video/init/' });
            break;
          case 'timeout':
            // The video is in; every status question hangs until Crier's poll budget runs out.
            emulator.faults.inject({ kind: 'timeout', path: '/v2/post/publish/status/fetch/', count: 100 });
            break;
          case 'expired_token':
            emulator.faults.expireAllTokens();
            break;
          case 'revoked_token':
            emulator.state.revoke(credentials().refreshToken, APP.clientKey);
            break;
          case 'permission_missing':
            emulator.state.setScopes(credentials().openId, APP.clientKey, ['user.info.basic']);
            break;
          default: {
            const unknown: never = fault;
            throw new Error(`unknown fault ${String(unknown)}`);
          }
        }
      },
      async clearFaults() {
        emulator.faults.clear();
      },
      async close() {
        await emulator.close();
        await new Promise((resolve) => photoHost.server.close(resolve));
      },
    };
  },
};

conformanceSuite(tiktok);
