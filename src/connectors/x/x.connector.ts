import { checkVariant, type VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment } from '../../core/networks.js';
import type { ConnectedAccount, Connector, Credentials, PublishLimits } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { beforePublishing, callX, type XTransport } from './api-client.js';
import { connectedAccount, parseCredentials, profileOf, type XCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import { findPublishedPost } from './find-published.js';
import { XOAuth, type XTokens } from './oauth.js';
import { publishPost } from './publish.js';

/** X's rules for a post (counting-characters and media pages of the X docs). */
export const X_LIMITS: NetworkLimits = {
  maxTextLength: 280,
  textCounting: { kind: 'weighted', urlLength: 23 },
  textOptionalWithMedia: true,
  media: {
    maxImages: 4,
    maxImageBytes: 5_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    altTextRequired: false,
    maxAltTextLength: 1000,
  },
};

const FIFTEEN_MINUTES = 15 * 60_000;

/** X's published limits on `POST /2/tweets` (rate-limits page, 2026 table): per user, and per app. */
export const X_PUBLISH_LIMITS: PublishLimits = {
  perAccount: { limit: 100, windowMs: FIFTEEN_MINUTES },
  perApp: { limit: 10_000, windowMs: 24 * 60 * 60_000 },
};

export interface XConnectorOptions {
  environment: Environment;
  clientId: string;
  /** Only for confidential apps; public (PKCE-only) apps have none. */
  clientSecret?: string;
  /** `https://api.x.com` live; the emulator's address in the sandbox. */
  apiBaseUrl: string;
  /** `https://x.com/i/oauth2/authorize` live. */
  authorizeUrl: string;
  /** Where people see accounts and posts: `https://x.com` live. */
  webUrl: string;
  fetch?: typeof fetch;
  /** Time limit of each call to X; 30 s by default. */
  timeoutMs?: number;
  now?: () => number;
  /** The limits of the X this connector talks to; X's own by default (an emulator may be set otherwise). */
  publishLimits?: PublishLimits;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createXConnector(options: XConnectorOptions): Connector {
  const now = options.now ?? Date.now;
  const webUrl = options.webUrl.replace(/\/$/, '');
  const transport: XTransport = {
    apiBaseUrl: options.apiBaseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now,
  };
  const oauth = new XOAuth({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authorizeUrl: options.authorizeUrl,
    apiBaseUrl: options.apiBaseUrl,
    allowHttp: options.environment === 'sandbox',
    fetch: transport.fetch,
    timeoutMs: transport.timeoutMs,
    now,
  });

  /** Reads who the tokens belong to, for a freshly connected account. */
  async function accountFor(tokens: XTokens): Promise<ConnectedAccount> {
    const answer = await beforePublishing(() =>
      callX(transport, {
        method: 'GET',
        path: '/2/users/me',
        accessToken: tokens.accessToken,
        action: 'reading the connected account',
      }),
    );
    const user = (answer.body as { data?: { id?: unknown; username?: unknown; name?: unknown } } | undefined)?.data;
    if (typeof user?.id !== 'string' || typeof user.username !== 'string') {
      throw new ConnectorError('transient', `${NETWORK_NAME} did not say which account was connected`, {
        status: answer.status,
      });
    }
    const credentials: XCredentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope,
      userId: user.id,
      username: user.username,
      displayName: typeof user.name === 'string' ? user.name : user.username,
    };
    return connectedAccount(credentials, profileOf(credentials, webUrl));
  }

  return {
    network: 'x',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      text: true,
      images: true,
      video: false,
      // X draws the card for a link itself.
      linkCards: true,
      audienceTargeting: false,
      engagement: false,
      metrics: false,
    },
    limits: X_LIMITS,
    publishLimits: options.publishLimits ?? X_PUBLISH_LIMITS,
    connect: {
      kind: 'oauth2',
      begin: (input) => oauth.begin(input),
      complete: async (input) => accountFor(await oauth.exchangeCode(input)),
    },
    validate: (content: VariantContent) => checkVariant(content, X_LIMITS, NETWORK_NAME),
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      const current = parseCredentials(credentials);
      if (!current.refreshToken) {
        throw new ConnectorError('auth', `The ${NETWORK_NAME} account has no refresh token; connect it again`);
      }
      const tokens = await oauth.refresh(current.refreshToken);
      const next: XCredentials = {
        ...current,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken ?? current.refreshToken,
        expiresAt: tokens.expiresAt,
        scope: tokens.scope || current.scope,
      };
      return connectedAccount(next, profileOf(next, webUrl));
    },
    publish: (session, request) => publishPost({ transport, oauth, webUrl }, session, request),
    findPublished: (session, input) => findPublishedPost({ transport, oauth, webUrl }, session, input),
  };
}
