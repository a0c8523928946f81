import { followConsent, startXEmulator } from '../../sandbox/x/harness.js';
import { TINY_PNG } from '../../sandbox/x/testing.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';
import { createXConnector } from '../../src/connectors/x/x.connector.js';

const CLIENT_ID = 'crier-conformance';
const REDIRECT = 'http://localhost:3999/api/oauth/callback/x';

const x: ConformanceTarget = {
  network: 'x',
  contentTypes: ['text', 'link', 'image', 'images'],
  comments: false,
  metrics: false,
  async setup() {
    const emulator = await startXEmulator({ clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT] }] });
    const connector = createXConnector({
      environment: 'sandbox',
      clientId: CLIENT_ID,
      apiBaseUrl: emulator.baseUrl,
      authorizeUrl: emulator.authorizeUrl,
      webUrl: emulator.baseUrl,
      timeoutMs: 1000,
    });
    let current: AccountSession | undefined;
    const image = (altText: string) => mediaFromBytes(TINY_PNG, { altText, fileName: 'pixel.png' });
    const tokens = () => current?.credentials as { accessToken: string; refreshToken?: string };
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('X connects with OAuth 2.0');
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
      },
      simple: () => ({ publicationId: '', text: 'Simple post', media: [] }),
      overLimit: { publicationId: '', text: '長'.repeat(141), media: [1, 2, 3, 4, 5].map(() => image('pixel')) },
      async readBack(remoteId) {
        const post = emulator.state.posts.get(remoteId);
        return post && { text: post.text, mediaCount: post.mediaIds.length };
      },
      async inject(fault) {
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', path: '/2/tweets', method: 'POST' });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, path: '/2/tweets', method: 'POST' });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', path: '/2/tweets', method: 'POST' });
            break;
          case 'expired_token':
            emulator.faults.expireAllTokens();
            break;
          case 'revoked_token': {
            const { accessToken, refreshToken } = tokens();
            emulator.state.revokeToken(accessToken, CLIENT_ID);
            if (refreshToken) emulator.state.revokeToken(refreshToken, CLIENT_ID);
            break;
          }
          case 'permission_missing': {
            const grant = emulator.state.findAccessToken(tokens().accessToken);
            if (grant) grant.scopes = grant.scopes.filter((scope) => scope !== 'tweet.write');
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

conformanceSuite(x);
