import type { VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { AccountChoice, ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { type MetaCredentials, parseMetaCredentials } from '../meta/credentials.js';
import { FacebookLogin, type GrantedPage } from '../meta/facebook-login.js';
import { findRecentPost } from '../meta/find-published.js';
import { type MetaConnectorOptions, transportOf } from '../meta/options.js';
import { connectedAccountOf, renewPageToken } from '../meta/page-session.js';
import { DEFAULT_PROCESSING_WAIT } from '../meta/processing.js';
import { checkMetaVariant, type MetaContentRules } from '../meta/variant-rules.js';
import { listPostComments, readPostMetrics, replyToPostComment } from './engagement.js';
import { NETWORK_NAME, publishToPage } from './publish.js';
import { compileFacebookTargeting } from './targeting.js';

/** Publish, read engagement and insights on the Pages the person shares (facebook.md, "Auth"). */
export const FACEBOOK_SCOPES = [
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_engagement',
  'publish_video',
  'read_insights',
] as const;

/**
 * Facebook's rules for a Page post. Text: 63,206 characters (commonly cited; verify). Photos: up to
 * 10 per post (3P); 10 MB each is Crier's own cap, Meta documents none for Pages. Video goes as a
 * reel: MP4, 3 to 90 seconds; 1 GB is Crier's cap.
 */
export const FACEBOOK_LIMITS: NetworkLimits = {
  maxTextLength: 63_206,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 10,
    maxImageBytes: 10_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    altTextRequired: false,
    maxAltTextLength: 1000,
  },
};

export const FACEBOOK_RULES: MetaContentRules = {
  networkName: NETWORK_NAME,
  limits: FACEBOOK_LIMITS,
  video: { mimeTypes: ['video/mp4'], maxBytes: 1_000_000_000, minDurationMs: 3_000, maxDurationMs: 90_000 },
  maxItems: 10,
  mixedMedia: false,
  maxVideos: 1,
};

/** A Facebook Pages connector over the Graph API; the same code serves the sandbox emulator. */
export function createFacebookConnector(options: MetaConnectorOptions): Connector {
  const transport = transportOf(options, NETWORK_NAME);
  const webUrl = options.webUrl.replace(/\/$/, '');
  const login = new FacebookLogin(transport, {
    dialogUrl: options.dialogUrl,
    appSecret: options.appSecret,
    scopes: FACEBOOK_SCOPES,
  });
  const deps = { transport, login, webUrl, videoWait: options.processingWait ?? DEFAULT_PROCESSING_WAIT };

  const accountOf = (
    page: GrantedPage,
    user: { userAccessToken: string; userTokenExpiresAt?: number },
  ): ConnectedAccount => {
    const credentials: MetaCredentials = {
      ...user,
      pageId: page.id,
      pageName: page.name,
      pageAccessToken: page.accessToken,
    };
    return connectedAccountOf(credentials, {
      remoteId: page.id,
      handle: page.name,
      displayName: page.name,
      profileUrl: `${webUrl}/${page.id}`,
    });
  };

  return {
    network: 'facebook',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      text: true,
      images: true,
      video: true,
      linkCards: true,
      audienceTargeting: true,
      engagement: true,
      metrics: true,
    },
    limits: FACEBOOK_LIMITS,
    connect: {
      kind: 'oauth2',
      begin: async (input) => login.begin(input),
      async complete(input): Promise<ConnectedAccount | AccountChoice> {
        const result = await login.complete(input);
        const user = { userAccessToken: result.userAccessToken, userTokenExpiresAt: result.userTokenExpiresAt };
        const candidates = result.pages.map((page) => accountOf(page, user));
        if (candidates.length === 0) {
          throw new ConnectorError(
            'auth',
            'The Facebook login shared no Page with Crier; connect again and choose at least one Page',
          );
        }
        return candidates.length === 1 && candidates[0] ? candidates[0] : { kind: 'choice', candidates };
      },
    },
    validate: (content: VariantContent) => checkMetaVariant(content, FACEBOOK_RULES),
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      const current = parseMetaCredentials(credentials, NETWORK_NAME);
      const renewed = await renewPageToken(current, login, NETWORK_NAME);
      return connectedAccountOf(renewed, {
        remoteId: renewed.pageId,
        handle: renewed.pageName,
        displayName: renewed.pageName,
        profileUrl: `${webUrl}/${renewed.pageId}`,
      });
    },
    publish: (session, request) => publishToPage(deps, session, request),
    findPublished: (session, input) =>
      findRecentPost(
        { transport, login, networkName: NETWORK_NAME },
        {
          path: (page) => `/${page.current.pageId}/feed`,
          fields: 'id,message,created_time,permalink_url',
          textField: 'message',
          timeField: 'created_time',
          permalinkField: 'permalink_url',
        },
        session,
        input,
      ),
    compileTargeting: compileFacebookTargeting,
    listComments: (session, input) => listPostComments(deps, session, input),
    replyToComment: (session, input) => replyToPostComment(deps, session, input),
    readMetrics: (session, input) => readPostMetrics(deps, session, input),
  };
}
