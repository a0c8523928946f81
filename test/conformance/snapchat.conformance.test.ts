import { startSnapchatEmulator } from '../../sandbox/snapchat/harness.js';
import { followConsent } from '../../sandbox/x/harness.js';
import { TINY_PNG } from '../../sandbox/x/testing.js';
import { manualConformanceSuite } from '../../src/connectors/kit/conformance/manual-suite.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';
import { snapchatManualNetwork } from '../../src/connectors/snapchat/manual.js';
import { createSnapchatConnector } from '../../src/connectors/snapchat/snapchat.connector.js';

const CLIENT = { clientId: 'crier-allowlisted', clientSecret: 'conformance-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/snapchat';
/** Stand-in video bytes, not a multiple of the AES block, so padding is exercised. */
const VIDEO = new Uint8Array(70_001).fill(5);

const image = () => mediaFromBytes(TINY_PNG, { fileName: 'bottle.png' });
const video = () => mediaFromBytes(VIDEO, { mimeType: 'video/mp4', fileName: 'launch.mp4' });

/** What Snapchat's official API lets an allowlisted organization publish: one image or video to a Story, Saved Story or Spotlight. */
const snapchat: ConformanceTarget = {
  network: 'snapchat',
  contentTypes: ['image', 'video'],
  comments: false,
  metrics: false,
  async setup() {
    const emulator = await startSnapchatEmulator({ clients: [{ ...CLIENT, redirectUris: [REDIRECT] }] });
    const connector = createSnapchatConnector({
      environment: 'sandbox',
      ...CLIENT,
      apiBaseUrl: emulator.baseUrl,
      authorizeUrl: emulator.authorizeUrl,
      tokenUrl: emulator.tokenUrl,
      webUrl: emulator.baseUrl,
      timeoutMs: 1000,
    });
    let current: AccountSession | undefined;
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('Snapchat connects with OAuth 2.0');
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
        image: () => ({ publicationId: '', text: '', media: [image()], options: { placement: 'story' } }),
        video: () => ({
          publicationId: '',
          text: 'Summer launch #icecold',
          media: [video()],
          options: { placement: 'spotlight' },
        }),
      },
      simple: () => ({
        publicationId: '',
        text: '',
        media: [image()],
        options: { placement: 'saved_story' },
        title: 'Launch day',
      }),
      overLimit: {
        publicationId: '',
        text: 'a'.repeat(161),
        media: [image(), image()],
        options: { placement: 'spotlight' },
      },
      async readBack(remoteId) {
        const post = emulator.state.posts.get(remoteId);
        return (
          post && {
            text: post.placement === 'SAVED_STORY' ? '' : post.text,
            mediaCount: emulator.state.media.has(post.mediaId) ? 1 : 0,
          }
        );
      },
      async inject(fault) {
        const posting = { path: '/v1/public_profiles/*/*', method: 'POST' };
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', ...posting });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, ...posting });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', path: '/v1/public_profiles/*/saved_stories', method: 'POST' });
            break;
          case 'expired_token':
            emulator.faults.expireAllTokens();
            break;
          case 'revoked_token':
            emulator.state.revokeAllOf(String(current?.profile.remoteId));
            break;
          case 'permission_missing': {
            // A login without the Public Profile scope: Snap answers 403 to the token.
            const grant = emulator.state.findAccessToken(String(current?.credentials.accessToken));
            if (grant) grant.scopes = grant.scopes.filter((scope) => scope !== 'snapchat-profile-api');
            break;
          }
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

conformanceSuite(snapchat);

/** Without Snap's allowlisting there is no API to post through: Crier prepares the post for a person. */
manualConformanceSuite({
  network: 'snapchat',
  manual: snapchatManualNetwork(),
  samples: [
    { publicationId: 'p1', text: '', media: [image()], options: { placement: 'story' } },
    { publicationId: 'p2', text: 'Summer launch #icecold', media: [video()], options: { placement: 'spotlight' } },
  ],
  overLimit: { publicationId: 'p3', text: 'Words on a Story', media: [], options: { placement: 'story' } },
});
