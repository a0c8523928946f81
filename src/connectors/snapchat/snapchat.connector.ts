import type { VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment } from '../../core/networks.js';
import type { ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { checkVariantWithVideo, type VideoLimits } from '../kit/media-checks.js';
import { beforePublishing, callSnapchat, type SnapchatTransport } from './api-client.js';
import { connectedAccount, parseCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import { SnapchatOAuth } from './oauth.js';
import { placementProblems, TEXT_LIMITS } from './placement.js';
import { publishToProfile } from './publish.js';

/** One image (JPEG or PNG, ≤ 20 MB) or one video per post; text only as a Spotlight description (snapchat.md, 3P). */
export const SNAPCHAT_LIMITS: NetworkLimits = {
  maxTextLength: TEXT_LIMITS.spotlightDescription,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 1,
    maxImageBytes: 20_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png'],
    altTextRequired: false,
    maxAltTextLength: 0,
  },
};

/** MP4 up to 500 MB, 5 to 60 s (9:16 recommended). */
export const SNAPCHAT_VIDEO_LIMITS: VideoLimits = {
  maxVideos: 1,
  maxBytes: 500_000_000,
  mimeTypes: ['video/mp4'],
  minDurationMs: 5_000,
  maxDurationMs: 60_000,
  alone: true,
};

export function validateSnapchat(content: VariantContent) {
  // Snap's API takes no alt text; one written for another network is not a problem here.
  const media = content.media.map((item) => ({ ...item, altText: '' }));
  const check = checkVariantWithVideo({ ...content, media }, SNAPCHAT_LIMITS, SNAPCHAT_VIDEO_LIMITS, NETWORK_NAME);
  const own = placementProblems(content);
  // With no media at all, "media required" says more than "the post is empty".
  const shared = own.some((problem) => problem.code === 'media_required')
    ? check.problems.filter((problem) => problem.code !== 'text_empty')
    : check.problems;
  return { measure: check.measure, problems: [...shared, ...own] };
}

export interface SnapchatConnectorOptions {
  environment: Environment;
  /** An app Snap has allowlisted for the Public Profile API. */
  clientId: string;
  clientSecret: string;
  /** `https://businessapi.snapchat.com` live. */
  apiBaseUrl: string;
  /** `https://accounts.snapchat.com/login/oauth2/authorize` live. */
  authorizeUrl: string;
  /** `https://accounts.snapchat.com/login/oauth2/access_token` live. */
  tokenUrl: string;
  /** `https://www.snapchat.com` live: public profiles at /add/{username}. */
  webUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Snapchat's Public Profile API, the official organic-posting API, which Snap opens only to
 * allowlisted apps: Stories, Saved Stories and Spotlight from one image or video. Snap offers no
 * comment API to partners, and its stats endpoints are not documented per post, so this connector
 * neither lists comments nor reads metrics.
 */
export function createSnapchatConnector(options: SnapchatConnectorOptions): Connector {
  const now = options.now ?? Date.now;
  const webUrl = options.webUrl.replace(/\/$/, '');
  const transport: SnapchatTransport = {
    apiBaseUrl: options.apiBaseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    now,
  };
  const oauth = new SnapchatOAuth({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authorizeUrl: options.authorizeUrl,
    tokenUrl: options.tokenUrl,
    allowHttp: options.environment === 'sandbox',
    fetch: transport.fetch,
    timeoutMs: transport.timeoutMs,
    now,
  });

  async function accountFor(tokens: {
    accessToken: string;
    refreshToken: string;
    expiresAt: number;
  }): Promise<ConnectedAccount> {
    const answer = (await beforePublishing(() =>
      callSnapchat(transport, {
        method: 'GET',
        path: '/v1/public_profiles/my_profile',
        accessToken: tokens.accessToken,
        action: 'reading the public profile',
      }),
    )) as {
      public_profiles?: Array<{ public_profile?: { id?: unknown; username?: unknown; display_name?: unknown } }>;
    };
    const profile = answer.public_profiles?.[0]?.public_profile;
    if (typeof profile?.id !== 'string') {
      throw new ConnectorError(
        'invalid_content',
        `This ${NETWORK_NAME} login manages no Public Profile; create one in the Snapchat app first`,
      );
    }
    const username = typeof profile.username === 'string' ? profile.username : profile.id;
    return connectedAccount(
      {
        ...tokens,
        profileId: profile.id,
        username,
        displayName: typeof profile.display_name === 'string' ? profile.display_name : username,
      },
      webUrl,
    );
  }

  return {
    network: 'snapchat',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      publishing: 'api',
      text: false,
      images: true,
      video: true,
      linkCards: false,
      audienceTargeting: false,
      engagement: false,
      metrics: false,
    },
    limits: SNAPCHAT_LIMITS,
    connect: {
      kind: 'oauth2',
      begin: async (input) => oauth.begin(input),
      complete: async (input) => accountFor(await oauth.exchangeCode(input)),
    },
    validate: validateSnapchat,
    async refresh(credentials: Credentials) {
      const current = parseCredentials(credentials);
      return connectedAccount({ ...current, ...(await oauth.refresh(current.refreshToken)) }, webUrl);
    },
    publish: (session, request) => publishToProfile({ transport, oauth, webUrl }, session, request),
  };
}
