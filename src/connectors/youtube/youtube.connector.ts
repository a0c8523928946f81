import type { VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment } from '../../core/networks.js';
import type { ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { checkVariantWithVideo, type VideoLimits } from '../kit/media-checks.js';
import { callYouTube, itemsOf, nothingPublishedYet, type YouTubeTransport } from './api-client.js';
import { connectedAccount, parseCredentials, type YouTubeCredentials } from './credentials.js';
import * as engagement from './engagement.js';
import { NETWORK_NAME } from './errors.js';
import { findUploadedVideo, PendingUploads } from './find-published.js';
import { GoogleOAuth, type GoogleTokens } from './google-oauth.js';
import { publishVideo, type YouTubeDependencies } from './publish.js';
import { DEFAULT_QUOTA_MODEL, memoryQuotaLedger, type QuotaLedger, type QuotaModel } from './quota-ledger.js';
import { DEFAULT_UPLOAD_OPTIONS, type UploadOptions } from './resumable-upload.js';
import { youTubeProblems } from './video-options.js';

/**
 * The text of a YouTube variant is the video's description (5,000 bytes); the one image a variant may
 * carry beside its video becomes the custom thumbnail (JPEG or PNG, 2 MB: thumbnails.set).
 */
export const YOUTUBE_LIMITS: NetworkLimits = {
  maxTextLength: 5000,
  textCounting: { kind: 'graphemes', maxBytes: 5000 },
  textOptionalWithMedia: true,
  media: {
    maxImages: 1,
    maxImageBytes: 2 * 1024 * 1024,
    imageMimeTypes: ['image/jpeg', 'image/png'],
    altTextRequired: false,
    maxAltTextLength: 5000,
  },
};

/**
 * One video per post, up to 256 GB. Length is capped per channel (15 minutes until the channel is
 * verified, 12 hours after); Crier checks the 12-hour cap when it knows the duration.
 */
export const YOUTUBE_VIDEO_LIMITS: VideoLimits = {
  maxVideos: 1,
  maxBytes: 256 * 1024 ** 3,
  mimeTypes: ['video/mp4', 'video/quicktime', 'video/webm'],
  maxDurationMs: 12 * 3600_000,
  alone: false,
};

export interface YouTubeConnectorOptions {
  environment: Environment;
  /** The OAuth client of a Google Cloud project with the YouTube Data API enabled. */
  clientId: string;
  clientSecret: string;
  /** `https://www.googleapis.com` live; the emulator's address in the sandbox. */
  apiBaseUrl: string;
  /** `https://accounts.google.com/o/oauth2/v2/auth` live. */
  authorizeUrl: string;
  /** `https://oauth2.googleapis.com/token` live. */
  tokenUrl: string;
  /** Where people watch: `https://www.youtube.com` live. */
  webUrl: string;
  /** The daily quota Crier counts per channel; Google's 10,000 units by default. */
  quota?: QuotaModel;
  /** Where the count is kept; this process's memory by default. */
  quotaLedger?: QuotaLedger;
  upload?: Partial<UploadOptions>;
  /** Comment threads per page when listing comments (YouTube allows 1–100). */
  commentPageSize?: number;
  fetch?: typeof fetch;
  /** Time limit of each metadata call; 30 s by default. Chunks have their own (`upload.chunkTimeoutMs`). */
  timeoutMs?: number;
  now?: () => number;
}

export function createYouTubeConnector(options: YouTubeConnectorOptions): Connector {
  const now = options.now ?? Date.now;
  const webUrl = options.webUrl.replace(/\/$/, '');
  const quota = options.quota ?? DEFAULT_QUOTA_MODEL;
  const transport: YouTubeTransport = {
    apiBaseUrl: options.apiBaseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    now,
  };
  const oauth = new GoogleOAuth({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authorizeUrl: options.authorizeUrl,
    tokenUrl: options.tokenUrl,
    allowHttp: options.environment === 'sandbox',
    fetch: transport.fetch,
    timeoutMs: transport.timeoutMs,
    now,
  });
  const deps: YouTubeDependencies = {
    transport,
    oauth,
    webUrl,
    ledger: options.quotaLedger ?? memoryQuotaLedger(quota),
    quota,
    upload: { ...DEFAULT_UPLOAD_OPTIONS, ...options.upload },
    pending: new PendingUploads(),
  };
  const commentPageSize = options.commentPageSize ?? 50;

  /** Reads which channel the tokens belong to (`channels.list?mine=true`). */
  async function accountFor(tokens: GoogleTokens): Promise<ConnectedAccount> {
    if (!tokens.refreshToken) {
      throw new ConnectorError(
        'auth',
        `${NETWORK_NAME} gave no refresh token, so Crier could not stay connected; connect again`,
      );
    }
    const answer = await nothingPublishedYet(() =>
      callYouTube(transport, {
        method: 'GET',
        path: '/youtube/v3/channels',
        query: { part: 'snippet', mine: 'true' },
        accessToken: tokens.accessToken,
        action: 'reading the connected channel',
      }),
    );
    const channel = itemsOf<{ id?: string; snippet?: { title?: string; customUrl?: string } }>(answer.body)[0];
    if (!channel?.id) {
      throw new ConnectorError(
        'auth',
        `This Google account has no ${NETWORK_NAME} channel yet; create one on YouTube, then connect again`,
      );
    }
    const credentials: YouTubeCredentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope,
      channelId: channel.id,
      channelTitle: channel.snippet?.title ?? channel.id,
      customUrl: channel.snippet?.customUrl,
    };
    return connectedAccount(credentials, webUrl);
  }

  return {
    network: 'youtube',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      text: false,
      images: false,
      video: true,
      linkCards: false,
      audienceTargeting: false,
      engagement: true,
      metrics: true,
    },
    limits: YOUTUBE_LIMITS,
    connect: {
      kind: 'oauth2',
      begin: (input) => oauth.begin(input),
      complete: async (input) => accountFor(await oauth.exchangeCode(input)),
    },
    validate(content: VariantContent) {
      const check = checkVariantWithVideo(content, YOUTUBE_LIMITS, YOUTUBE_VIDEO_LIMITS, NETWORK_NAME);
      return { ...check, problems: [...check.problems, ...youTubeProblems(content, now())] };
    },
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      const current = parseCredentials(credentials);
      const tokens = await oauth.refresh(current.refreshToken);
      return connectedAccount(
        {
          ...current,
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken ?? current.refreshToken,
          expiresAt: tokens.expiresAt,
          scope: tokens.scope || current.scope,
        },
        webUrl,
      );
    },
    publish: (session, request) => publishVideo(deps, session, request),
    findPublished: (_session, input) => findUploadedVideo(deps, deps.pending, input),
    listComments: (session, input) => engagement.listComments(deps, session, input, commentPageSize),
    replyToComment: (session, input) => engagement.replyToComment(deps, session, input),
    readMetrics: (session, input) => engagement.readMetrics(deps, session, input),
  };
}
