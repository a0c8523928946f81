import type { VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { AccountChoice, AccountProfile, ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { type MetaCredentials, parseMetaCredentials } from '../meta/credentials.js';
import { FacebookLogin } from '../meta/facebook-login.js';
import { findRecentPost } from '../meta/find-published.js';
import { type MetaConnectorOptions, transportOf } from '../meta/options.js';
import { connectedAccountOf, renewPageToken } from '../meta/page-session.js';
import { DEFAULT_PROCESSING_WAIT } from '../meta/processing.js';
import { checkMetaVariant, type MetaContentRules } from '../meta/variant-rules.js';
import { listMediaComments, readMediaMetrics, replyToMediaComment } from './engagement.js';
import { NETWORK_NAME, publishToInstagram } from './publish.js';

/**
 * Instagram through Facebook Login (instagram.md, "Auth"): the Instagram permissions, plus Page
 * permissions because photos are staged on the linked Page (see publish.ts) and the Page token is
 * what the calls carry.
 */
export const INSTAGRAM_SCOPES = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_posts',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_insights',
] as const;

/**
 * Instagram's rules (instagram.md, "Text/media limits"): caption 2,200 characters, 30 hashtags,
 * 20 mentions (3P); photos ≤ 8 MB, 4:5 to 1.91:1; up to 10 items in a carousel (3P); reels MP4 or
 * MOV, 3 s to 15 min, ≤ 300 MB (verify: some 2025 mirrors say 1 GB). PNG is taken because photos
 * reach Instagram through Meta's CDN as JPEG.
 */
export const INSTAGRAM_LIMITS: NetworkLimits = {
  maxTextLength: 2200,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 10,
    maxImageBytes: 8_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png'],
    altTextRequired: false,
    maxAltTextLength: 1000,
  },
};

export const INSTAGRAM_RULES: MetaContentRules = {
  networkName: NETWORK_NAME,
  limits: INSTAGRAM_LIMITS,
  video: {
    mimeTypes: ['video/mp4', 'video/quicktime'],
    maxBytes: 300_000_000,
    minDurationMs: 3_000,
    maxDurationMs: 15 * 60_000,
  },
  maxItems: 10,
  mixedMedia: true,
  maxVideos: 10,
  imageAspect: { min: 4 / 5, max: 1.91, label: '4:5 (portrait) to 1.91:1 (landscape)' },
  maxHashtags: 30,
  maxMentions: 20,
  mediaRequired: true,
};

/** The publishing quota `media_publish` documents: 50 posts per rolling 24 hours (verify; some say 100). */
const DAILY_POSTS = 50;

/** An Instagram professional account connector over the Graph API (Facebook Login). */
export function createInstagramConnector(options: MetaConnectorOptions): Connector {
  const transport = transportOf(options, NETWORK_NAME);
  const webUrl = options.webUrl.replace(/\/$/, '');
  const login = new FacebookLogin(transport, {
    dialogUrl: options.dialogUrl,
    appSecret: options.appSecret,
    scopes: INSTAGRAM_SCOPES,
  });
  const deps = { transport, login, webUrl, containerWait: options.processingWait ?? DEFAULT_PROCESSING_WAIT };
  const profileOf = (credentials: MetaCredentials): AccountProfile => ({
    remoteId: credentials.instagramId ?? '',
    handle: credentials.instagramUsername ?? '',
    displayName: credentials.instagramUsername ?? credentials.pageName,
    profileUrl: `${webUrl}/${credentials.instagramUsername ?? ''}`,
  });

  return {
    network: 'instagram',
    environment: options.environment,
    displayName: NETWORK_NAME,
    // No text-only posts on Instagram: a caption rides on a photo or a video.
    capabilities: {
      text: false,
      images: true,
      video: true,
      linkCards: false,
      audienceTargeting: false,
      engagement: true,
      metrics: true,
    },
    limits: INSTAGRAM_LIMITS,
    publishLimits: { perAccount: { limit: DAILY_POSTS, windowMs: 24 * 60 * 60_000 } },
    connect: {
      kind: 'oauth2',
      begin: async (input) => login.begin(input),
      async complete(input): Promise<ConnectedAccount | AccountChoice> {
        const result = await login.complete(input);
        const candidates = result.pages.flatMap((page) => {
          if (!page.instagram) return [];
          const credentials: MetaCredentials = {
            userAccessToken: result.userAccessToken,
            userTokenExpiresAt: result.userTokenExpiresAt,
            pageId: page.id,
            pageName: page.name,
            pageAccessToken: page.accessToken,
            instagramId: page.instagram.id,
            instagramUsername: page.instagram.username,
          };
          return [connectedAccountOf(credentials, profileOf(credentials))];
        });
        if (candidates.length === 0) {
          throw new ConnectorError(
            'auth',
            'None of the Pages shared with Crier has an Instagram professional account linked; link one to a Page and connect again',
          );
        }
        return candidates.length === 1 && candidates[0] ? candidates[0] : { kind: 'choice', candidates };
      },
    },
    validate: (content: VariantContent) => checkMetaVariant(content, INSTAGRAM_RULES),
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      const renewed = await renewPageToken(parseMetaCredentials(credentials, NETWORK_NAME), login, NETWORK_NAME);
      return connectedAccountOf(renewed, profileOf(renewed));
    },
    publish: (session, request) => publishToInstagram(deps, session, request),
    findPublished: (session, input) =>
      findRecentPost(
        { transport, login, networkName: NETWORK_NAME },
        {
          path: (page) => `/${page.current.instagramId ?? page.current.pageId}/media`,
          fields: 'id,caption,timestamp,permalink',
          textField: 'caption',
          timeField: 'timestamp',
          permalinkField: 'permalink',
        },
        session,
        input,
      ),
    // Instagram has no organic audience targeting (ads only), so there is no compileTargeting.
    listComments: (session, input) => listMediaComments(deps, session, input),
    replyToComment: (session, input) => replyToMediaComment(deps, session, input),
    readMetrics: (session, input) => readMediaMetrics(deps, session, input),
  };
}
