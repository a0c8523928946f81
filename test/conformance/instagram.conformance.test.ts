import { followFacebookLogin, startGraphEmulator } from '../../sandbox/facebook/harness.js';
import { commentAs, connectorOptionsFor, jpegOf, TEST_APP, videoBytes } from '../../sandbox/facebook/testing.js';
import { createInstagramConnector } from '../../src/connectors/instagram/instagram.connector.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';

const instagram: ConformanceTarget = {
  network: 'instagram',
  // Instagram publishes no text-only or link posts: a caption always rides on media.
  contentTypes: ['image', 'images', 'video'],
  comments: true,
  metrics: true,
  async setup() {
    const emulator = await startGraphEmulator({
      apps: [{ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, redirectUris: [TEST_APP.redirectUri] }],
      containerProcessingMs: 30,
    });
    const connector = createInstagramConnector(
      connectorOptionsFor(emulator, { webUrl: `${emulator.baseUrl}/web/instagram` }),
    );
    const photo = await jpegOf(1080, 1350);
    const image = (altText: string) =>
      mediaFromBytes(photo, { altText, mimeType: 'image/jpeg', fileName: 'bottle.jpg', width: 1080, height: 1350 });
    let current: AccountSession | undefined;
    const pageToken = () => String(current?.credentials.pageAccessToken);
    const publishPath = { path: '/*/media_publish', method: 'POST' };
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('Instagram connects with Facebook Login');
        const begun = await connector.connect.begin({ redirectUri: TEST_APP.redirectUri, state: 'conformance' });
        const callback = await followFacebookLogin(begun.authorizeUrl, 'Conformance');
        // Of the person's two Pages only one has an Instagram account, so the login offers exactly one.
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
        image: () => ({ publicationId: '', text: 'The new bottle #summer', media: [image('A green bottle')] }),
        images: () => ({
          publicationId: '',
          text: 'Three colours',
          media: [image('Red'), image('Blue'), image('Gold')],
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
      simple: () => ({ publicationId: '', text: 'Simple post', media: [image('A bottle')] }),
      overLimit: {
        publicationId: '',
        text: `${'#tag '.repeat(31)}${'x'.repeat(2200)}`,
        media: [mediaFromBytes(photo, { mimeType: 'image/jpeg', width: 1000, height: 2000 })],
      },
      async readBack(remoteId) {
        const media = emulator.state.media.get(remoteId);
        return media && { text: media.caption, mediaCount: media.childCount || 1 };
      },
      async addComment(postRemoteId, text) {
        await commentAs(emulator, postRemoteId, text);
      },
      async inject(fault) {
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'throttle', regainInMinutes: 5, ...publishPath });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 500, ...publishPath });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', ...publishPath });
            break;
          case 'expired_token':
            emulator.state.expirePageTokens(Date.now());
            break;
          case 'revoked_token':
            emulator.state.invalidateLogin(pageToken());
            break;
          case 'permission_missing':
            emulator.state.revokePermission(pageToken(), 'instagram_content_publish');
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

conformanceSuite(instagram);
