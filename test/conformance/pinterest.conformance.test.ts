import { startPinterestEmulator } from '../../sandbox/pinterest/harness.js';
import { followConsent } from '../../sandbox/x/harness.js';
import { TINY_PNG } from '../../sandbox/x/testing.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession, PublishRequest } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';
import { createPinterestConnector } from '../../src/connectors/pinterest/pinterest.connector.js';

const CLIENT = { clientId: 'crier-conformance', clientSecret: 'conformance-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/pinterest';
/** Stand-in video bytes: the emulator's storage keeps them without decoding. */
const VIDEO = new Uint8Array(96 * 1024).fill(3);

const pinterest: ConformanceTarget = {
  network: 'pinterest',
  contentTypes: ['image', 'images', 'link', 'video'],
  comments: false,
  metrics: true,
  async setup() {
    const emulator = await startPinterestEmulator({
      clients: [{ ...CLIENT, redirectUris: [REDIRECT] }],
      mediaProcessingMs: 200,
    });
    const connector = createPinterestConnector({
      environment: 'sandbox',
      ...CLIENT,
      apiBaseUrl: emulator.apiBaseUrl,
      authorizeUrl: emulator.authorizeUrl,
      webUrl: emulator.baseUrl,
      timeoutMs: 1000,
      videoPollIntervalMs: 100,
    });
    let current: AccountSession | undefined;
    let boardId = '';
    const image = (altText: string) => mediaFromBytes(TINY_PNG, { altText, fileName: 'pixel.png' });
    const pin = (request: Omit<PublishRequest, 'publicationId' | 'options'>): PublishRequest => ({
      publicationId: '',
      options: { boardId },
      ...request,
    });
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('Pinterest connects with OAuth 2.0');
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
        const boards = (await connector.destinations?.list(session)) ?? [];
        boardId = boards[0]?.id ?? '';
        return session;
      },
      samples: {
        image: () =>
          pin({
            text: 'The new bottle, ice-cold',
            title: 'Summer in a bottle',
            media: [image('A green bottle on ice')],
          }),
        images: () => pin({ text: 'Three colours', media: [image('Red'), image('Blue'), image('Gold')] }),
        link: () =>
          pin({
            text: 'Book a test drive',
            title: 'Model E',
            link: 'https://example.com/test-drive?model=e',
            media: [image('The car')],
          }),
        video: () =>
          pin({
            text: 'Watch the launch',
            title: 'Launch film',
            media: [
              mediaFromBytes(VIDEO, {
                mimeType: 'video/mp4',
                fileName: 'launch.mp4',
                altText: 'The car on a coast road',
              }),
            ],
          }),
      },
      simple: () => pin({ text: 'Simple pin', media: [image('pixel')] }),
      overLimit: {
        publicationId: '',
        text: 'a'.repeat(801),
        title: 't'.repeat(101),
        media: [1, 2, 3, 4, 5, 6].map(() => image('pixel')),
      },
      async readBack(remoteId) {
        const found = emulator.state.pins.get(remoteId);
        return found && { text: found.description ?? '', mediaCount: found.mediaCount };
      },
      async inject(fault) {
        const pins = { path: '/v5/pins', method: 'POST' };
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', ...pins });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, ...pins });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', ...pins });
            break;
          case 'expired_token':
            emulator.faults.expireAllTokens();
            break;
          case 'revoked_token':
            emulator.state.revokeAllOf(String(current?.profile.remoteId));
            break;
          case 'permission_missing': {
            const grant = emulator.state.findAccessToken(String(current?.credentials.accessToken));
            if (grant) grant.scopes = grant.scopes.filter((scope) => scope !== 'pins:write');
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

conformanceSuite(pinterest);
