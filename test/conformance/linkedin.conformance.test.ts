import { sampleMp4, samplePng } from '../../sandbox/common/media-samples.js';
import { followLinkedInConsent, startLinkedInEmulator } from '../../sandbox/linkedin/harness.js';
import { DEMO_ORGANIZATION } from '../../sandbox/linkedin/testing.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import { type AccountSession, isAccountChoice } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes } from '../../src/connectors/kit/testing.js';
import { createLinkedInConnector } from '../../src/connectors/linkedin/linkedin.connector.js';

const APP = {
  clientId: '78conformance',
  clientSecret: 'conformance-secret',
  redirectUris: ['http://localhost:3999/api/oauth/callback/linkedin'],
  refreshTokens: true,
};
const REDIRECT = APP.redirectUris[0] ?? '';
const ORGANIZATION_URN = `urn:li:organization:${DEMO_ORGANIZATION.id}`;

const linkedin: ConformanceTarget = {
  network: 'linkedin',
  contentTypes: ['text', 'link', 'image', 'images', 'video'],
  comments: true,
  metrics: true,
  async setup() {
    const emulator = await startLinkedInEmulator({
      clients: [APP],
      organizations: [DEMO_ORGANIZATION],
      videoProcessingMs: 30,
    });
    const connector = createLinkedInConnector({
      environment: 'sandbox',
      clientId: APP.clientId,
      clientSecret: APP.clientSecret,
      apiUrl: emulator.baseUrl,
      oauthUrl: `${emulator.baseUrl}/oauth/v2`,
      webUrl: emulator.baseUrl,
      apiVersion: emulator.latestVersion(),
      videoWait: { pollIntervalMs: 20, maxWaitMs: 5000 },
      timeoutMs: 1000,
    });
    let current: AccountSession | undefined;
    const memberId = () =>
      String((current?.credentials as { memberUrn?: string } | undefined)?.memberUrn ?? '').replace(
        'urn:li:person:',
        '',
      );
    const image = (altText: string) =>
      mediaFromBytes(samplePng(1200, 627), { altText, fileName: 'car.png', mimeType: 'image/png' });
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('LinkedIn connects with OAuth');
        const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'conformance' });
        const callback = await followLinkedInConsent(begun.authorizeUrl, 'crier.conformance');
        const result = await connector.connect.complete({
          redirectUri: REDIRECT,
          code: callback.searchParams.get('code') ?? '',
          codeVerifier: begun.codeVerifier,
        });
        if (!isAccountChoice(result)) throw new Error('an administrator of a page is offered a choice');
        const account = result.candidates.find((candidate) => candidate.profile.remoteId === ORGANIZATION_URN);
        if (!account) throw new Error('the organization was not among the choices');
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
        text: () => ({ publicationId: '', text: 'Summer launch 夏の新商品 #summer (finally)', media: [] }),
        link: () => ({
          publicationId: '',
          text: 'Book a test drive https://example.com/test-drive?model=e',
          media: [],
        }),
        image: () => ({ publicationId: '', text: 'The new model', media: [image('A red car')] }),
        images: () => ({
          publicationId: '',
          text: 'Three colours',
          media: [image('Red'), image('Blue'), image('Green')],
        }),
        video: () => ({
          publicationId: '',
          text: 'Twelve seconds on the coast road',
          media: [
            mediaFromBytes(sampleMp4({ durationMs: 12_000, totalBytes: 120_000 }), {
              mimeType: 'video/mp4',
              fileName: 'drive.mp4',
            }),
          ],
        }),
      },
      simple: () => ({ publicationId: '', text: 'Simple post', media: [] }),
      overLimit: {
        publicationId: '',
        text: 'a'.repeat(3001),
        media: [image('pixel'), mediaFromBytes(sampleMp4(), { mimeType: 'video/mp4', fileName: 'short.mp4' })],
      },
      async readBack(remoteId) {
        const post = emulator.state.posts.get(remoteId);
        if (!post) return undefined;
        const content = post.content as { media?: unknown; multiImage?: { images: unknown[] } } | undefined;
        return { text: post.renderedText, mediaCount: content?.multiImage?.images.length ?? (content?.media ? 1 : 0) };
      },
      async addComment(postRemoteId, text) {
        emulator.addAudienceComment(postRemoteId, 'fan.one', text);
      },
      async inject(fault) {
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', path: '/rest/posts', method: 'POST' });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, path: '/rest/posts', method: 'POST' });
            break;
          case 'timeout':
            emulator.faults.inject({ kind: 'timeout', path: '/rest/posts', method: 'POST' });
            break;
          case 'expired_token':
            emulator.state.expireAllAccessTokens();
            break;
          case 'revoked_token':
            emulator.state.revokeMember(memberId());
            break;
          case 'permission_missing':
            emulator.state.dropPermission(memberId(), 'w_organization_social');
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

conformanceSuite(linkedin);
