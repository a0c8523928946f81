import { createHash, randomBytes } from 'node:crypto';
import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure } from '../kit/errors.js';
import { parseBody } from './api-client.js';
import { describeTikTokError, errorFromAnswer, NETWORK_NAME } from './errors.js';

/** Post videos and photos, read the account, and read the posts' counts. */
export const TIKTOK_SCOPES = ['user.info.basic', 'video.publish', 'video.list'] as const;

export interface TikTokOAuthOptions {
  clientKey: string;
  clientSecret: string;
  /** `https://www.tiktok.com/v2/auth/authorize/` live. */
  authorizeUrl: string;
  /** `https://open.tiktokapis.com` live: the token endpoint is `/v2/oauth/token/` under it. */
  apiBaseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export interface TikTokTokens {
  openId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  refreshExpiresAt: number;
  scope: string;
}

/**
 * Login Kit v2 with PKCE (S256). TikTok names the client `client_key` where OAuth says `client_id`,
 * so the token requests are written here rather than through a generic OAuth client. Refresh tokens
 * rotate: every refresh returns a new one and the old one stops working.
 */
export class TikTokOAuth {
  constructor(private readonly options: TikTokOAuthOptions) {}

  async begin(input: OAuthBeginInput): Promise<OAuthBegin> {
    const codeVerifier = randomBytes(48).toString('base64url');
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('client_key', this.options.clientKey);
    url.searchParams.set('scope', TIKTOK_SCOPES.join(','));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
    return { authorizeUrl: url.toString(), codeVerifier };
  }

  exchangeCode(input: OAuthCompleteInput): Promise<TikTokTokens> {
    return this.tokenCall('connecting the account', {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
    });
  }

  refresh(refreshToken: string): Promise<TikTokTokens> {
    return this.tokenCall('refreshing the access token', { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private async tokenCall(action: string, fields: Record<string, string>): Promise<TikTokTokens> {
    const now = this.options.now();
    let response: Response;
    let body: unknown;
    try {
      response = await this.options.fetch(`${this.options.apiBaseUrl.replace(/\/$/, '')}/v2/oauth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
        body: new URLSearchParams({
          client_key: this.options.clientKey,
          client_secret: this.options.clientSecret,
          ...fields,
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      body = parseBody(await response.text());
    } catch (error) {
      // A token call publishes nothing, so even a lost answer is only transient.
      const classified = classifyFetchFailure(error, NETWORK_NAME);
      throw new ConnectorError('transient', `${NETWORK_NAME} did not answer the token request`, {
        networkMessage: classified.networkMessage,
        cause: error,
      });
    }
    const tokens = body as Record<string, unknown> | undefined;
    if (
      response.status === 200 &&
      typeof tokens?.access_token === 'string' &&
      typeof tokens.refresh_token === 'string'
    ) {
      return {
        openId: String(tokens.open_id ?? ''),
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        // TikTok's documented lifetimes disagree (24 h or 2 h); expires_in is the truth.
        expiresAt: now + Number(tokens.expires_in ?? 0) * 1000,
        refreshExpiresAt: now + Number(tokens.refresh_expires_in ?? 0) * 1000,
        scope: String(tokens.scope ?? ''),
      };
    }
    const described = describeTikTokError(body);
    if (response.status < 500 && response.status !== 429) {
      throw new ConnectorError(
        'auth',
        `${NETWORK_NAME} refused the authorization while ${action}; connect the account again`,
        {
          status: response.status,
          networkMessage: described.message,
          networkCode: described.code,
        },
      );
    }
    throw errorFromAnswer({ status: response.status, headers: response.headers, body, action }, now);
  }
}
