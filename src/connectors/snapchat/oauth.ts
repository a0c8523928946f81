import * as oauth from 'oauth4webapi';
import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { describeErrorBody, errorFromAnswer, NETWORK_NAME } from './errors.js';

/** The Public Profile API scope seen in integrator code (verify against the allowlisted docs). */
export const SNAPCHAT_SCOPES = ['snapchat-profile-api'] as const;

export interface SnapchatTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

export interface SnapchatOAuthOptions {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  allowHttp: boolean;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

/** Snap's access tokens last about 30 minutes. */
const DEFAULT_LIFETIME_SECONDS = 1800;

/** Snap OAuth 2.0: authorization code, client secret in the form body, long-lived refresh tokens. */
export class SnapchatOAuth {
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;

  constructor(private readonly options: SnapchatOAuthOptions) {
    this.server = {
      issuer: new URL(options.authorizeUrl).origin,
      authorization_endpoint: options.authorizeUrl,
      token_endpoint: options.tokenUrl,
    };
    this.client = { client_id: options.clientId };
  }

  begin(input: OAuthBeginInput): OAuthBegin {
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', SNAPCHAT_SCOPES.join(' '));
    url.searchParams.set('state', input.state);
    return { authorizeUrl: url.toString(), codeVerifier: '' };
  }

  exchangeCode(input: OAuthCompleteInput): Promise<SnapchatTokens> {
    const callback = oauth.validateAuthResponse(
      this.server,
      this.client,
      new URLSearchParams({ code: input.code }),
      oauth.skipStateCheck,
    );
    return this.tokenCall(
      'connecting the account',
      (requestOptions) =>
        oauth.authorizationCodeGrantRequest(
          this.server,
          this.client,
          oauth.ClientSecretPost(this.options.clientSecret),
          callback,
          input.redirectUri,
          oauth.nopkce,
          requestOptions,
        ),
      (response) => oauth.processAuthorizationCodeResponse(this.server, this.client, response),
    );
  }

  refresh(refreshToken: string): Promise<SnapchatTokens> {
    return this.tokenCall(
      'refreshing the access token',
      (requestOptions) =>
        oauth.refreshTokenGrantRequest(
          this.server,
          this.client,
          oauth.ClientSecretPost(this.options.clientSecret),
          refreshToken,
          requestOptions,
        ),
      (response) => oauth.processRefreshTokenResponse(this.server, this.client, response),
    );
  }

  private async tokenCall(
    action: string,
    send: (requestOptions: oauth.TokenEndpointRequestOptions) => Promise<Response>,
    process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  ): Promise<SnapchatTokens> {
    let response: Response;
    try {
      response = await send({
        [oauth.customFetch]: this.options.fetch,
        [oauth.allowInsecureRequests]: this.options.allowHttp,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const failure = classifyFetchFailure(error, NETWORK_NAME);
      throw new ConnectorError('transient', `${NETWORK_NAME} did not answer the token request`, {
        networkMessage: failure.networkMessage,
        cause: error,
      });
    }
    if (response.status !== 200) {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch (error) {
        // Not JSON (a proxy's page): the text itself is what Snap's side said.
        if (!(error instanceof SyntaxError)) throw error;
      }
      if (response.status === 400 || response.status === 401) {
        const described = describeErrorBody(body);
        throw new ConnectorError(
          'auth',
          `${NETWORK_NAME} refused the authorization while ${action}; connect the account again`,
          { status: response.status, networkMessage: described.message, networkCode: described.code },
        );
      }
      throw errorFromAnswer({ status: response.status, headers: response.headers, body, action }, this.options.now());
    }
    try {
      const answer = await process(response);
      if (!answer.refresh_token) throw new Error('the token answer has no refresh_token');
      return {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresAt: this.options.now() + (answer.expires_in ?? DEFAULT_LIFETIME_SECONDS) * 1000,
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
