import { followFacebookLogin, startGraphEmulator } from '../../sandbox/facebook/harness.js';
import { commentAs, connectorOptionsFor, jpegOf, TEST_APP, videoBytes } from '../../sandbox/facebook/testing.js';
import { createFacebookConnector } from '../../src/connectors/facebook/facebook.connector.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';

const facebook: ConformanceTarget = {
  network: 'facebook',
  contentTypes: ['text', 'link', 'image', 'images', 'video'],
  comments: true,
  metrics: true,
  async setup() {
    const emulator = await startGraphEmulator({
      apps: [{ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, redirectUris: [TEST_APP.redirectUri] }],
      containerProcessingMs: 20,
      videoProcessingMs: 20,
    });
    const connector = createFacebookConnector(connectorOptionsFor(emulator));
    const photo = await jpegOf(1200, 900);
    const image = (altText: string) =>
      mediaFromBytes(photo, { altText, mimeType: 'image/jpeg', fileName: 'bottle.jpg', width: 1200, height: 900 });
    let current: AccountSession | undefined;
    const pageToken = () => String(current?.credentials.pageAccessToken);
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('Facebook connects with Facebook Login');
        const begun = await connector.connect.begin({ redirectUri: TEST_APP.redirectUri, state: 'conformance' });
        const callback = await followFacebookLogin(begun.authorizeUrl, 'Conformance', {
          pages: ['Conformance Drinks'],
        });
        const account = singleAccount(
          await connector.connect.complete({
            redirectUri: TEST_APP.redirectUri,
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
        text: () => ({ publicationId: '', text: 'Summer launch 夏の新商品', media: [] }),
        link: () => ({
          publicationId: '',
          text: 'Book a test drive https://example.com/test-drive?model=e',
          media: [],
        }),
        image: () => ({ publicationId: '', text: 'The new bottle', media: [image('A green bottle')] }),
        images: () => ({
          publicationId: '',
          text: 'Four colours',
          media: [image('Red'), image('Blue'), image('Green'), image('Gold')],
        }),
        video: () => ({
          publicationId: '',
          text: 'Ice-cold in ten seconds',
          media: [
            {
              ...mediaFromBytes(videoBytes(), {
                mimeType: 'video/mp4',
                fileName: 'pour.mp4',
                width: 1080,
                height: 1920,
              }),
              durationMs: 10_000,
            },
          ],
        }),
      },
      simple: () => ({ publicationId: '', text: 'Simple post', media: [] }),
      overLimit: {
        publicationId: '',
        text: 'x'.repeat(63_207),
        media: Array.from({ length: 11 }, () => image('pixel')),
      },
      async readBack(remoteId) {
        const post = emulator.state.posts.get(remoteId);
        return post && { text: post.message, mediaCount: post.photoIds.length + (post.videoId ? 1 : 0) };
      },
      async addComment(postRemoteId, text) {
        await commentAs(emulator, postRemoteId, text);
      },
      async inject(fault) {
        const feed = { path: '/*/feed', method: 'POST' };
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'throttle', regainInMinutes: 5, ...feed });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, ...feed });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', ...feed });
            break;
          case 'expired_token':
            emulator.state.expirePageTokens(Date.now());
            break;
          case 'revoked_token':
            emulator.state.invalidateLogin(pageToken());
            break;
          case 'permission_missing':
            emulator.state.revokePermission(pageToken(), 'pages_manage_posts');
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
      close: () => emulator.close(),
    };
  },
};

conformanceSuite(facebook);
