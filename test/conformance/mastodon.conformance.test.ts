import { startMastodonEmulator } from '../../sandbox/mastodon/harness.js';
import { followConsent } from '../../sandbox/x/harness.js';
import { TINY_PNG } from '../../sandbox/x/testing.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';
import { createMastodonConnector } from '../../src/connectors/mastodon/mastodon.connector.js';

const REDIRECT = 'http://localhost:3999/api/oauth/callback/mastodon';
/** Stand-in video bytes: the emulator stores them without decoding, as an upload is stored before transcoding. */
const VIDEO = new Uint8Array(64 * 1024).fill(7);

const mastodon: ConformanceTarget = {
  network: 'mastodon',
  contentTypes: ['text', 'link', 'image', 'images', 'video'],
  comments: true,
  metrics: true,
  credentialsExpire: false,
  idempotent: true,
  async setup() {
    const emulator = await startMastodonEmulator({ mediaProcessingMs: 200 });
    const connector = createMastodonConnector({
      environment: 'sandbox',
      clientName: 'Crier conformance',
      timeoutMs: 1000,
    });
    let current: AccountSession | undefined;
    const image = (altText: string) => mediaFromBytes(TINY_PNG, { altText, fileName: 'pixel.png' });
    const token = () => String(current?.credentials.accessToken ?? '');
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('Mastodon connects with OAuth 2.0');
        const begun = await connector.connect.begin({
          redirectUri: REDIRECT,
          state: 'conformance',
          server: emulator.baseUrl,
        });
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
        text: () => ({
          publicationId: '',
          text: 'Summer launch 夏の新商品',
          media: [],
          options: { language: 'en', visibility: 'public' },
        }),
        link: () => ({
          publicationId: '',
          text: 'Book a test drive https://example.com/test-drive?model=e',
          media: [],
        }),
        image: () => ({
          publicationId: '',
          text: 'The new bottle',
          media: [image('A green bottle')],
          options: { contentWarning: 'Bright colours' },
        }),
        images: () => ({
          publicationId: '',
          text: 'Four colours',
          media: [image('Red'), image('Blue'), image('Green'), image('Gold')],
        }),
        video: () => ({
          publicationId: '',
          text: 'Watch the launch',
          media: [
            mediaFromBytes(VIDEO, {
              mimeType: 'video/mp4',
              fileName: 'launch.mp4',
              altText: 'The car on a coast road',
            }),
          ],
        }),
      },
      simple: () => ({ publicationId: '', text: 'Simple post', media: [] }),
      overLimit: {
        publicationId: '',
        text: 'a'.repeat(501),
        media: [1, 2, 3, 4, 5].map(() => image('pixel')),
        options: { visibility: 'everyone' },
      },
      async readBack(remoteId) {
        const status = emulator.state.statuses.get(remoteId);
        return status && { text: status.text, mediaCount: status.mediaIds.length };
      },
      async addComment(postRemoteId, text) {
        const answer = await fetch(`${emulator.baseUrl}/_emulator/statuses/${postRemoteId}/replies`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'fan', text }),
        });
        if (answer.status !== 201) throw new Error(`the emulator refused the reply: ${await answer.text()}`);
      },
      async inject(fault) {
        const statuses = { path: '/api/v1/statuses', method: 'POST' };
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', ...statuses });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, ...statuses });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', ...statuses });
            break;
          case 'expired_token':
            throw new Error('Mastodon tokens do not expire; the suite does not ask for this');
          case 'revoked_token':
            emulator.state.revokeToken(token());
            break;
          case 'permission_missing': {
            const grant = emulator.state.findToken(token());
            if (grant) grant.scopes = grant.scopes.filter((scope) => scope !== 'write:statuses');
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

conformanceSuite(mastodon);
