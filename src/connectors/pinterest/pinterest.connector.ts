import type { VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment } from '../../core/networks.js';
import type { ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { checkVariantWithVideo, type VideoLimits } from '../kit/media-checks.js';
import { beforePublishing, callPinterest, type PinterestTransport } from './api-client.js';
import { connectedAccount, type PinterestCredentials, parseCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import { PinterestOAuth, type PinterestTokens } from './oauth.js';
import { BOARD_OPTION, pinProblems } from './pin-options.js';
import { publishPin } from './publish.js';
import { listBoards, readPinMetrics } from './reading.js';

/**
 * A Pin: description ≤ 800 characters (optional), one image or a carousel of 2–5, JPEG or PNG (what
 * Pinterest takes inline as base64), ≤ 20 MB, alt text ≤ 500 (PinCreate in the OpenAPI document).
 */
export const PINTEREST_LIMITS: NetworkLimits = {
  maxTextLength: 800,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 5,
    maxImageBytes: 20_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png'],
    altTextRequired: false,
    maxAltTextLength: 500,
  },
};

/** MP4, MOV or M4V, 4 s to 15 min, up to 2 GB (platforms/pinterest.md). */
export const PINTEREST_VIDEO_LIMITS: VideoLimits = {
  maxVideos: 1,
  maxBytes: 2_000_000_000,
  mimeTypes: ['video/mp4', 'video/quicktime', 'video/x-m4v'],
  minDurationMs: 4_000,
  maxDurationMs: 15 * 60_000,
  alone: true,
};

export interface PinterestConnectorOptions {
  environment: Environment;
  clientId: string;
  clientSecret: string;
  /** `https://api.pinterest.com/v5` live. */
  apiBaseUrl: string;
  /** `https://www.pinterest.com/oauth/` live. */
  authorizeUrl: string;
  /** `https://www.pinterest.com` live: profiles and pins. */
  webUrl: string;
  continuousRefresh?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
  videoProcessingTimeoutMs?: number;
  videoPollIntervalMs?: number;
  now?: () => number;
}

export function createPinterestConnector(options: PinterestConnectorOptions): Connector {
  const now = options.now ?? Date.now;
  const webUrl = options.webUrl.replace(/\/$/, '');
  const transport: PinterestTransport = {
    apiBaseUrl: options.apiBaseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    now,
  };
  const oauth = new PinterestOAuth({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authorizeUrl: options.authorizeUrl,
    apiBaseUrl: options.apiBaseUrl,
    allowHttp: options.environment === 'sandbox',
    continuousRefresh: options.continuousRefresh ?? false,
    fetch: transport.fetch,
    timeoutMs: transport.timeoutMs,
    now,
  });
  const video = {
    processingTimeoutMs: options.videoProcessingTimeoutMs ?? 10 * 60_000,
    pollIntervalMs: options.videoPollIntervalMs ?? 2000,
  };

  async function accountFor(tokens: PinterestTokens): Promise<ConnectedAccount> {
    const me = (await beforePublishing(() =>
      callPinterest(transport, {
        method: 'GET',
        path: '/user_account',
        accessToken: tokens.accessToken,
        action: 'reading the connected account',
      }),
    )) as { id?: unknown; username?: unknown; profile_image?: unknown };
    if (typeof me.id !== 'string' || typeof me.username !== 'string') {
      throw new ConnectorError('transient', `${NETWORK_NAME} did not say which account was connected`);
    }
    const credentials: PinterestCredentials = {
      ...tokens,
      refreshExpiresAt: tokens.refreshExpiresAt,
      userId: me.id,
      username: me.username,
      avatarUrl: typeof me.profile_image === 'string' ? me.profile_image : undefined,
    };
    return connectedAccount(credentials, webUrl);
  }

  const reading = { transport, oauth, webUrl };
  return {
    network: 'pinterest',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      publishing: 'api',
      text: false,
      images: true,
      video: true,
      // A Pin carries its own link (the `link` field), which Pinterest shows as the destination.
      linkCards: true,
      audienceTargeting: false,
      // Pinterest's API has no comment or reply endpoints; only the total count is in analytics.
      engagement: false,
      metrics: true,
    },
    limits: PINTEREST_LIMITS,
    connect: {
      kind: 'oauth2',
      begin: async (input) => oauth.begin(input),
      complete: async (input) => accountFor(await oauth.exchangeCode(input)),
    },
    destinations: { label: 'Board', optionKey: BOARD_OPTION, list: (session) => listBoards(reading, session) },
    validate: (content: VariantContent) => {
      const check = checkVariantWithVideo(content, PINTEREST_LIMITS, PINTEREST_VIDEO_LIMITS, NETWORK_NAME);
      const own = pinProblems(content);
      // With no media at all, "a Pin needs an image or a video" says more than "the post is empty".
      const shared = own.some((problem) => problem.code === 'media_required')
        ? check.problems.filter((problem) => problem.code !== 'text_empty')
        : check.problems;
      return { measure: check.measure, problems: [...shared, ...own] };
    },
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      const current = parseCredentials(credentials);
      const tokens = await oauth.refresh(current.refreshToken);
      return connectedAccount(
        {
          ...current,
          ...tokens,
          refreshExpiresAt: tokens.refreshExpiresAt ?? current.refreshExpiresAt,
          scope: tokens.scope || current.scope,
        },
        webUrl,
      );
    },
    publish: (session, request) => publishPin({ transport, oauth, webUrl, video }, session, request),
    readMetrics: (session, input) => readPinMetrics(reading, session, input),
  };
}
