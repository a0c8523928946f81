import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './credentials.js';
import { errorFromLinkedIn } from './errors.js';

/**
 * Who the member is (OpenID), posting as themselves and for organizations, reading organization
 * posts and comments, and the organization admin APIs (roles, follower and share statistics).
 */
export const LINKEDIN_SCOPES = [
  'openid',
  'profile',
  'email',
  'w_member_social',
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
] as const;

export interface LinkedInOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** `https://www.linkedin.com/oauth/v2`: `/authorization` and `/accessToken` under it. */
  oauthUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export interface LinkedInTokens {
  accessToken: string;
  expiresAt: number;
  refreshToken: string | undefined;
  refreshTokenExpiresAt: number | undefined;
  scope: string;
}

/** linkedin.md: access tokens last 60 days; used when an answer leaves expires_in out. */
const ACCESS_TOKEN_SECONDS = 60 * 24 * 60 * 60;

/** LinkedIn's 3-legged OAuth 2.0 (linkedin.md, Auth). No PKCE: LinkedIn's web flow takes none. */
export class LinkedInOAuth {
  constructor(private readonly options: LinkedInOAuthOptions) {}

  begin(input: OAuthBeginInput): OAuthBegin {
    const url = new URL(`${this.options.oauthUrl.replace(/\/$/, '')}/authorization`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    url.searchParams.set('scope', LINKEDIN_SCOPES.join(' '));
    return { authorizeUrl: url.toString(), codeVerifier: '' };
  }

  exchangeCode(input: OAuthCompleteInput): Promise<LinkedInTokens> {
    return this.tokenCall('connecting the account', {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
    });
  }

  /** Only for apps LinkedIn approved for refresh tokens; the refresh token itself stays the same. */
  async refresh(refreshToken: string): Promise<LinkedInTokens> {
    const tokens = await this.tokenCall('renewing the access token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  private async tokenCall(action: string, form: Record<string, string>): Promise<LinkedInTokens> {
    const body = new URLSearchParams({
      ...form,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    const now = this.options.now();
    let status: number;
    let parsed: Record<string, unknown>;
    try {
      const response = await this.options.fetch(`${this.options.oauthUrl.replace(/\/$/, '')}/accessToken`, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      parsed = parseObject(await response.text());
    } catch (error) {
      if (isConnectorError(error)) throw error;
      // A token call publishes nothing, so even a lost answer is only transient.
      const failure = classifyFetchFailure(error, NETWORK_NAME);
      throw new ConnectorError('transient', `${NETWORK_NAME} did not answer while ${action}`, {
        networkMessage: failure.networkMessage,
        cause: error,
      });
    }
    if (status === 400 || status === 401) {
      const description = typeof parsed.error_description === 'string' ? parsed.error_description : undefined;
      throw new ConnectorError(
        'auth',
        `${NETWORK_NAME} refused the authorization while ${action}; connect the account again`,
        {
          status,
          networkMessage: description,
          networkCode: typeof parsed.error === 'string' ? parsed.error : undefined,
        },
      );
    }
    if (status !== 200) throw errorFromLinkedIn({ status, body: parsed, action, now });
    if (typeof parsed.access_token !== 'string') {
      throw new ConnectorError('transient', `${NETWORK_NAME} answered ${action} without a token`, { status });
    }
    const seconds = (name: string) => (typeof parsed[name] === 'number' ? (parsed[name] as number) : undefined);
    const refreshSeconds = seconds('refresh_token_expires_in');
    return {
      accessToken: parsed.access_token,
      expiresAt: now + (seconds('expires_in') ?? ACCESS_TOKEN_SECONDS) * 1000,
      refreshToken: typeof parsed.refresh_token === 'string' ? parsed.refresh_token : undefined,
      refreshTokenExpiresAt: refreshSeconds === undefined ? undefined : now + refreshSeconds * 1000,
      scope: typeof parsed.scope === 'string' ? parsed.scope : '',
    };
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    // An outage page instead of JSON: read as an answer without a token.
    if (error instanceof SyntaxError) return { error_description: text.slice(0, 300) };
    throw error;
  }
}
