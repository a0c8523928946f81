import * as oauth from 'oauth4webapi';
import { type OAuthTokens, PkceOAuth } from '../kit/pkce-oauth.js';
import { describeErrorBody, errorFromAnswer, NETWORK_NAME } from './errors.js';

/** Post, read the account, upload media, and stay connected (a refresh token needs offline.access). */
export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'] as const;

export interface XOAuthOptions {
  clientId: string;
  /** Confidential apps authenticate to the token endpoint with HTTP Basic; public apps have no secret. */
  clientSecret?: string;
  authorizeUrl: string;
  apiBaseUrl: string;
  /** The sandbox emulator speaks plain http on localhost. */
  allowHttp: boolean;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export type XTokens = OAuthTokens;

/** X documents 2 hours; used when a token answer leaves expires_in out. */
const DEFAULT_LIFETIME_SECONDS = 7200;

/** OAuth 2.0 with PKCE against X: confidential apps use HTTP Basic at the token endpoint, public apps none. */
export class XOAuth extends PkceOAuth {
  constructor(options: XOAuthOptions) {
    super({
      networkName: NETWORK_NAME,
      clientId: options.clientId,
      clientAuth: options.clientSecret ? oauth.ClientSecretBasic(options.clientSecret) : oauth.None(),
      authorizeUrl: options.authorizeUrl,
      tokenUrl: `${options.apiBaseUrl.replace(/\/$/, '')}/2/oauth2/token`,
      scopes: X_SCOPES,
      defaultLifetimeSeconds: DEFAULT_LIFETIME_SECONDS,
      allowHttp: options.allowHttp,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      now: options.now,
      describeRefusal: describeErrorBody,
      errorFromAnswer,
    });
  }
}
