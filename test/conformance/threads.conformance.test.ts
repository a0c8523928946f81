import { sampleMp4, samplePng } from '../../sandbox/common/media-samples.js';
import { followThreadsConsent, startThreadsEmulator } from '../../sandbox/threads/harness.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { fileDropMediaUrls } from '../../src/connectors/kit/public-media.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';
import { createThreadsConnector } from '../../src/connectors/threads/threads.connector.js';

const APP = {
  clientId: '880000000000001',
  clientSecret: 'conformance-app-secret',
  redirectUris: ['http://localhost:3999/api/oauth/callback/threads'],
};
const REDIRECT = APP.redirectUris[0] ?? '';
const DAY = 24 * 60 * 60_000;

const threads: ConformanceTarget = {
  network: 'threads',
  contentTypes: ['text', 'link', 'image', 'images', 'video'],
  comments: true,
  metrics: true,
  async setup() {
    // Time can pass in this rig: the emulator and the connector read the same clock.
    let clockOffset = 0;
    const now = () => Date.now() + clockOffset;
    const emulator = await startThreadsEmulator({ clients: [APP], videoProcessingMs: 50, now });
    const connector = createThreadsConnector({
      environment: 'sandbox',
      appId: APP.clientId,
      appSecret: APP.clientSecret,
      graphHostUrl: emulator.baseUrl,
      authorizeUrl: emulator.authorizeUrl,
      webUrl: emulator.baseUrl,
      mediaUrls: fileDropMediaUrls({ emulatorUrl: emulator.baseUrl, networkName: 'Threads' }),
      containerWait: { pollIntervalMs: 20, maxWaitMs: 5000 },
      timeoutMs: 1000,
      now,
    });
    let current: AccountSession | undefined;
    const userId = () => current?.profile.remoteId ?? '';
    const image = (altText: string) =>
      mediaFromBytes(samplePng(1080, 1080), { altText, fileName: 'bottle.png', mimeType: 'image/png' });
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('Threads connects with OAuth');
        const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'conformance' });
        const callback = await followThreadsConsent(begun.authorizeUrl, 'crier.conformance');
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
          text: 'Three colours',
          media: [image('Red'), image('Blue'), image('Green')],
        }),
        video: () => ({
          publicationId: '',
          text: 'Ice-cold in twelve seconds',
          media: [mediaFromBytes(sampleMp4({ durationMs: 12_000 }), { mimeType: 'video/mp4', fileName: 'pour.mp4' })],
        }),
      },
      simple: () => ({ publicationId: '', text: 'Simple post', media: [] }),
      overLimit: {
        publicationId: '',
        text: `${'a'.repeat(497)}😀`,
        media: Array.from({ length: 21 }, () => image('pixel')),
      },
      async readBack(remoteId) {
        const media = emulator.state.media.get(remoteId);
        if (!media) return undefined;
        return { text: media.text, mediaCount: media.children.length || (media.mediaUrl ? 1 : 0) };
      },
      async addComment(postRemoteId, text) {
        emulator.addAudienceReply(postRemoteId, 'fan.one', text);
      },
      async inject(fault) {
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', path: '/v1.0/*/threads', method: 'POST' });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, path: '/v1.0/*/threads', method: 'POST' });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', path: '/v1.0/*/threads_publish', method: 'POST' });
            break;
          case 'expired_token':
            // 59½ days pass: the 60-day token is in its last week and must be renewed before use.
            clockOffset += 59.5 * DAY;
            break;
          case 'revoked_token':
            emulator.state.revokeUserTokens(userId());
            break;
          case 'permission_missing':
            emulator.state.dropPermission(userId(), 'threads_content_publish');
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

conformanceSuite(threads);
