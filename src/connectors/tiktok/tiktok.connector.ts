import type { VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment } from '../../core/networks.js';
import type { ConnectedAccount, Connector, Credentials, PublishMedia } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { checkVariantWithVideo, type VideoLimits } from '../kit/media-checks.js';
import { nothingPublishedYet, type TikTokTransport } from './api-client.js';
import { DEFAULT_CHUNK_BYTES } from './chunked-upload.js';
import { connectedAccount, parseCredentials, type TikTokCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import { findPublishedPost, PendingPosts } from './find-published.js';
import { readMetrics } from './metrics.js';
import { TikTokOAuth, type TikTokTokens } from './oauth.js';
import { PHOTO_DESCRIPTION_CHARS, tikTokProblems } from './post-options.js';
import { publishPost, queryCreatorInfo, type TikTokDependencies } from './publish.js';
import { DEFAULT_STATUS_POLL, type StatusPollOptions } from './status-poll.js';

/**
 * A video's caption is its text (2,200 UTF-16 characters, checked again in `tikTokProblems`); photo
 * posts take a description of 4,000 and up to 35 JPEG or WebP photos (3P: TikTok refuses PNG).
 */
export const TIKTOK_LIMITS: NetworkLimits = {
  maxTextLength: PHOTO_DESCRIPTION_CHARS,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 35,
    maxImageBytes: 20_000_000,
    imageMimeTypes: ['image/jpeg', 'image/webp'],
    altTextRequired: false,
    maxAltTextLength: 1000,
  },
};

/**
 * One video per post, alone, up to 4 GB, at least 3 s (3P). Ten minutes is the common maximum; each
 * creator's own (`max_video_post_duration_sec`) is checked at publish time.
 */
export const TIKTOK_VIDEO_LIMITS: VideoLimits = {
  maxVideos: 1,
  maxBytes: 4 * 1024 ** 3,
  mimeTypes: ['video/mp4', 'video/quicktime', 'video/webm'],
  minDurationMs: 3000,
  maxDurationMs: 600_000,
  alone: true,
};

export interface TikTokConnectorOptions {
  environment: Environment;
  clientKey: string;
  clientSecret: string;
  /** `https://open.tiktokapis.com` live; the emulator's address in the sandbox. */
  apiBaseUrl: string;
  /** `https://www.tiktok.com/v2/auth/authorize/` live. */
  authorizeUrl: string;
  /** `https://www.tiktok.com` live, for profile and post links. */
  webUrl: string;
  /** Preferred chunk size (5–64 MB); 10 MiB by default. */
  chunkBytes?: number;
  chunkTimeoutMs?: number;
  /** How often and how long Crier asks about a post's processing; 3 s for up to 10 minutes by default. */
  statusPoll?: Partial<StatusPollOptions>;
  /**
   * The public address of a photo on a URL prefix the app verified with TikTok. TikTok takes photos
   * only that way; without it the connector posts videos only.
   */
  photoUrlFor?: (media: PublishMedia) => Promise<string> | string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export function createTikTokConnector(options: TikTokConnectorOptions): Connector {
  const now = options.now ?? Date.now;
  const webUrl = options.webUrl.replace(/\/$/, '');
  const transport: TikTokTransport = {
    apiBaseUrl: options.apiBaseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    now,
  };
  const oauth = new TikTokOAuth({
    clientKey: options.clientKey,
    clientSecret: options.clientSecret,
    authorizeUrl: options.authorizeUrl,
    apiBaseUrl: options.apiBaseUrl,
    fetch: transport.fetch,
    timeoutMs: transport.timeoutMs,
    now,
  });
  const deps: TikTokDependencies = {
    transport,
    oauth,
    webUrl,
    chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
    chunks: { chunkTimeoutMs: options.chunkTimeoutMs ?? 5 * 60_000, attempts: 3 },
    statusPoll: { ...DEFAULT_STATUS_POLL, ...options.statusPoll },
    photoUrlFor: options.photoUrlFor,
    pending: new PendingPosts(),
  };
  const photos = options.photoUrlFor !== undefined;

  /** Who connected: creator info names the username the permalinks need. */
  async function accountFor(tokens: TikTokTokens): Promise<ConnectedAccount> {
    const creator = await nothingPublishedYet(() => queryCreatorInfo(transport, tokens.accessToken));
    if (!creator.creator_username) {
      throw new ConnectorError('transient', `${NETWORK_NAME} did not say which account was connected`);
    }
    const credentials: TikTokCredentials = {
      ...tokens,
      username: creator.creator_username,
      displayName: creator.creator_nickname ?? creator.creator_username,
      avatarUrl: creator.creator_avatar_url,
    };
    return connectedAccount(credentials, webUrl);
  }

  return {
    network: 'tiktok',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      text: false,
      images: photos,
      video: true,
      linkCards: false,
      audienceTargeting: false,
      // The Content Posting and Display APIs read no comments (that is the Business API's).
      engagement: false,
      metrics: true,
    },
    limits: TIKTOK_LIMITS,
    // Published limits Crier's rate budgets follow: 6 inits a minute per token (3P: ~15 posts a day).
    publishLimits: { perAccount: { limit: 6, windowMs: 60_000 } },
    connect: {
      kind: 'oauth2',
      begin: (input) => oauth.begin(input),
      complete: async (input) => accountFor(await oauth.exchangeCode(input)),
    },
    validate(content: VariantContent) {
      const check = checkVariantWithVideo(content, TIKTOK_LIMITS, TIKTOK_VIDEO_LIMITS, NETWORK_NAME);
      return { ...check, problems: [...check.problems, ...tikTokProblems(content, photos)] };
    },
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      const current = parseCredentials(credentials);
      const tokens = await oauth.refresh(current.refreshToken);
      return connectedAccount(
        { ...current, ...tokens, openId: tokens.openId || current.openId, scope: tokens.scope || current.scope },
        webUrl,
      );
    },
    publish: (session, request) => publishPost(deps, session, request),
    findPublished: (session, input) => findPublishedPost(deps, deps.pending, session, input),
    readMetrics: (session, input) => readMetrics(deps, session, input),
  };
}
