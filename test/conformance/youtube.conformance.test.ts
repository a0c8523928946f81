import { TINY_PNG } from '../../sandbox/x/testing.js';
import { followConsent, startYouTubeEmulator } from '../../sandbox/youtube/harness.js';
import type { ConformanceTarget } from '../../src/connectors/kit/conformance/rig.js';
import { conformanceSuite } from '../../src/connectors/kit/conformance/suite.js';
import type { AccountSession } from '../../src/connectors/kit/connector.js';
import { mediaFromBytes, singleAccount } from '../../src/connectors/kit/testing.js';
import { createYouTubeConnector } from '../../src/connectors/youtube/youtube.connector.js';
import { syntheticMp4 } from '../../src/core/video-fixtures.js';

const CLIENT = { clientId: 'crier-conformance.apps.googleusercontent.com', clientSecret: 'conformance-secret' };
const REDIRECT = 'http://localhost:3999/api/oauth/callback/youtube';
/** Two chunks of 256 KiB: the published sample goes through a 308 before the 200. */
const VIDEO = syntheticMp4({ durationMs: 12_000, width: 1280, height: 720, payloadBytes: 300 * 1024 });
/** One chunk: its PUT is the final one, so a lost answer leaves the outcome unknown. */
const SHORT_VIDEO = syntheticMp4({ durationMs: 3_000, width: 720, height: 1280, payloadBytes: 16 * 1024 });

const youtube: ConformanceTarget = {
  network: 'youtube',
  contentTypes: ['video'],
  comments: true,
  metrics: true,
  async setup() {
    const emulator = await startYouTubeEmulator({
      clients: [{ ...CLIENT, redirectUris: [REDIRECT] }],
      // Every test publishes a video; the suite needs more than Google's six uploads a day.
      quota: { dailyUnits: 1_000_000 },
      processingMs: 100,
    });
    const connector = createYouTubeConnector({
      environment: 'sandbox',
      ...CLIENT,
      apiBaseUrl: emulator.baseUrl,
      authorizeUrl: emulator.authorizeUrl,
      tokenUrl: emulator.tokenUrl,
      webUrl: emulator.baseUrl,
      quota: { dailyUnits: 1_000_000 },
      upload: { chunkBytes: 256 * 1024, maxResumes: 1, resumeBackoffMs: 10, chunkTimeoutMs: 1000 },
      commentPageSize: 1,
      // The emulator compiles a schema validator on a method's first request, which can take a second.
      timeoutMs: 3000,
    });
    let current: AccountSession | undefined;
    const video = (bytes = VIDEO) => mediaFromBytes(bytes, { mimeType: 'video/mp4', fileName: 'launch.mp4' });
    const tokens = () => current?.credentials as { accessToken: string; refreshToken: string };
    return {
      connector,
      async connect() {
        if (connector.connect.kind !== 'oauth2') throw new Error('YouTube connects with Google OAuth 2.0');
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
          title: 'The new model, in motion',
          text: 'Launch film of the new model 新型モデル',
          // The image beside the video becomes its custom thumbnail.
          media: [video(), mediaFromBytes(TINY_PNG, { fileName: 'thumbnail.png' })],
          options: { privacy: 'unlisted', tags: ['launch', 'new model'] },
        }),
      },
      simple: () => ({ publicationId: '', title: 'Simple video', text: 'Simple video', media: [video(SHORT_VIDEO)] }),
      overLimit: {
        publicationId: '',
        title: 'T'.repeat(101),
        text: 'é'.repeat(2600),
        media: [video(), video()],
        options: { privacy: 'secret', publishAt: '2001-01-01T00:00:00Z' },
      },
      async readBack(remoteId) {
        const stored = emulator.state.videos.get(remoteId);
        return (
          stored && {
            text: `${stored.snippet.title}\n${stored.snippet.description}`,
            mediaCount: 1 + (stored.thumbnail ? 1 : 0),
          }
        );
      },
      async addComment(postRemoteId, text) {
        const author = emulator.state.ensureChannel('audience_member');
        emulator.state.addComment({
          videoId: postRemoteId,
          parentId: undefined,
          authorChannelId: author.id,
          authorDisplayName: author.title,
          text,
        });
      },
      async inject(fault) {
        const sessionStart = { path: '/upload/youtube/v3/videos', method: 'POST' };
        switch (fault) {
          case 'rate_limit':
            emulator.faults.inject({ kind: 'rate_limit', ...sessionStart });
            break;
          case 'server_error':
            emulator.faults.inject({ kind: 'server_error', status: 503, ...sessionStart });
            break;
          case 'timeout':
            // Every chunk and every status query hangs: the final (only) chunk's fate cannot be learnt.
            emulator.faults.inject({ kind: 'timeout', path: '/upload/youtube/v3/videos', method: 'PUT', count: 10 });
            break;
          case 'expired_token':
            emulator.faults.expireAllTokens();
            break;
          case 'revoked_token':
            emulator.state.revoke(tokens().refreshToken);
            break;
          case 'permission_missing': {
            const grant = emulator.state.findAccessToken(tokens().accessToken);
            if (grant) grant.scopes = ['https://www.googleapis.com/auth/youtube.readonly'];
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

conformanceSuite(youtube);
