import * as oauth from 'oauth4webapi';
import { type OAuthTokens, PkceOAuth } from '../kit/pkce-oauth.js';
import { describeGoogleError, errorFromAnswer, NETWORK_NAME } from './errors.js';

/**
 * Upload videos and set thumbnails (`youtube.upload`); read and answer comments, read statistics and
 * the channel (`youtube.force-ssl`, which also covers reading).
 */
export const YOUTUBE_SCOPES = [
  'https://www.googleapis.com/auth/youtube.upload',
  'https://www.googleapis.com/auth/youtube.force-ssl',
] as const;

export interface GoogleOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** `https://accounts.google.com/o/oauth2/v2/auth` live. */
  authorizeUrl: string;
  /** `https://oauth2.googleapis.com/token` live. */
  tokenUrl: string;
  /** The sandbox emulator speaks plain http on localhost. */
  allowHttp: boolean;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export type GoogleTokens = OAuthTokens;

/** Google documents about an hour; used when an answer leaves expires_in out. */
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * Google's OAuth 2.0 for web-server apps: authorization code with PKCE, the secret posted in the form,
 * and `access_type=offline` with `prompt=consent` so every connection yields a refresh token (without
 * offline access Google gives none; without consent, one only the first time).
 */
export class GoogleOAuth extends PkceOAuth {
  constructor(options: GoogleOAuthOptions) {
    super({
      networkName: NETWORK_NAME,
      clientId: options.clientId,
      clientAuth: oauth.ClientSecretPost(options.clientSecret),
      authorizeUrl: options.authorizeUrl,
      tokenUrl: options.tokenUrl,
      scopes: YOUTUBE_SCOPES,
      extraAuthorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
      defaultLifetimeSeconds: DEFAULT_LIFETIME_SECONDS,
      allowHttp: options.allowHttp,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      now: options.now,
      describeRefusal: (body) => {
        const described = describeGoogleError(body);
        return { message: described.message, code: described.reason };
      },
      errorFromAnswer,
    });
  }
}
