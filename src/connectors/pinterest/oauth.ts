import * as oauth from 'oauth4webapi';
import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { describeErrorBody, errorFromAnswer, NETWORK_NAME } from './errors.js';

/** Creating a Pin needs boards:read boards:write pins:read pins:write; the account's profile needs user_accounts:read. */
export const PINTEREST_SCOPES = [
  'boards:read',
  'boards:write',
  'pins:read',
  'pins:write',
  'user_accounts:read',
] as const;

export interface PinterestOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** `https://www.pinterest.com/oauth/`. */
  authorizeUrl: string;
  apiBaseUrl: string;
  allowHttp: boolean;
  /** Apps created before 2025-09-25 must ask for continuous refresh tokens explicitly. */
  continuousRefresh: boolean;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export interface PinterestTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  refreshExpiresAt: number | undefined;
  scope: string;
}

/** Pinterest documents about 30 days; used when an answer leaves expires_in out. */
const DEFAULT_LIFETIME_SECONDS = 30 * 86_400;

/**
 * Pinterest's authorization code flow through oauth4webapi: HTTP Basic on the token endpoint,
 * comma-separated scopes, and refresh tokens that are renewed on each refresh (continuous refresh).
 */
export class PinterestOAuth {
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;

  constructor(private readonly options: PinterestOAuthOptions) {
    this.server = {
      issuer: new URL(options.authorizeUrl).origin,
      authorization_endpoint: options.authorizeUrl,
      token_endpoint: `${options.apiBaseUrl.replace(/\/$/, '')}/oauth/token`,
    };
    this.client = { client_id: options.clientId };
  }

  begin(input: OAuthBeginInput): OAuthBegin {
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', PINTEREST_SCOPES.join(','));
    url.searchParams.set('state', input.state);
    // Pinterest takes no PKCE; the state, checked by Crier, guards the callback.
    return { authorizeUrl: url.toString(), codeVerifier: '' };
  }

  exchangeCode(input: OAuthCompleteInput): Promise<PinterestTokens> {
    const callback = oauth.validateAuthResponse(
      this.server,
      this.client,
      new URLSearchParams({ code: input.code }),
      oauth.skipStateCheck,
    );
    return this.tokenCall('connecting the account', async (requestOptions) => {
      const response = await oauth.authorizationCodeGrantRequest(
        this.server,
        this.client,
        this.clientAuth(),
        callback,
        input.redirectUri,
        oauth.nopkce,
        requestOptions,
      );
      return {
        response,
        process: (checked) => oauth.processAuthorizationCodeResponse(this.server, this.client, checked),
      };
    });
  }

  refresh(refreshToken: string): Promise<PinterestTokens> {
    return this.tokenCall('refreshing the access token', async (requestOptions) => {
      const extra = this.options.continuousRefresh ? { additionalParameters: { continuous_refresh: 'true' } } : {};
      const response = await oauth.refreshTokenGrantRequest(this.server, this.client, this.clientAuth(), refreshToken, {
        ...requestOptions,
        ...extra,
      });
      return { response, process: (checked) => oauth.processRefreshTokenResponse(this.server, this.client, checked) };
    });
  }

  private clientAuth(): oauth.ClientAuth {
    return oauth.ClientSecretBasic(this.options.clientSecret);
  }

  private async tokenCall(
    action: string,
    send: (
      requestOptions: oauth.TokenEndpointRequestOptions,
    ) => Promise<{ response: Response; process: (response: Response) => Promise<oauth.TokenEndpointResponse> }>,
  ): Promise<PinterestTokens> {
    const requestOptions: oauth.TokenEndpointRequestOptions = {
      [oauth.customFetch]: this.options.fetch,
      [oauth.allowInsecureRequests]: this.options.allowHttp,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    };
    let sent: Awaited<ReturnType<typeof send>>;
    try {
      sent = await send(requestOptions);
    } catch (error) {
      // No answer to a token request published nothing.
      const failure = classifyFetchFailure(error, NETWORK_NAME);
      throw new ConnectorError('transient', `${NETWORK_NAME} did not answer the token request`, {
        networkMessage: failure.networkMessage,
        cause: error,
      });
    }
    const { response, process } = sent;
    if (response.status !== 200) {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
      }
      if (response.status === 400 || response.status === 401) {
        const described = describeErrorBody(body);
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
      throw errorFromAnswer({ status: response.status, headers: response.headers, body, action }, this.options.now());
    }
    try {
      const answer = await process(response);
      const refreshExpiresAt = Number(answer.refresh_token_expires_at);
      if (!answer.refresh_token) throw new Error('the token answer has no refresh_token');
      return {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresAt: this.options.now() + (answer.expires_in ?? DEFAULT_LIFETIME_SECONDS) * 1000,
        refreshExpiresAt:
          Number.isFinite(refreshExpiresAt) && refreshExpiresAt > 0 ? refreshExpiresAt * 1000 : undefined,
        scope: answer.scope ?? '',
      };
    } catch (error) {
      if (isConnectorError(error)) throw error;
      throw new ConnectorError('transient', `${NETWORK_NAME} answered the token request in a form Crier cannot read`, {
        networkMessage: error instanceof Error ? error.message : String(error),
        cause: error,
      });
    }
  }
}
