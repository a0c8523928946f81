import * as oauth from 'oauth4webapi';
import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
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

export interface XTokens {
  accessToken: string;
  refreshToken: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
  scope: string;
}

/** X documents 2 hours; used when a token answer leaves expires_in out. */
const DEFAULT_LIFETIME_SECONDS = 7200;

/**
 * OAuth 2.0 authorization code with PKCE (S256) against X, through oauth4webapi. X publishes no
 * discovery document, so the authorization server's metadata is written here from configuration.
 */
export class XOAuth {
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly clientAuth: oauth.ClientAuth;

  constructor(private readonly options: XOAuthOptions) {
    const apiBase = options.apiBaseUrl.replace(/\/$/, '');
    this.server = {
      issuer: new URL(options.authorizeUrl).origin,
      authorization_endpoint: options.authorizeUrl,
      token_endpoint: `${apiBase}/2/oauth2/token`,
      revocation_endpoint: `${apiBase}/2/oauth2/revoke`,
      code_challenge_methods_supported: ['S256', 'plain'],
    };
    this.client = { client_id: options.clientId };
    this.clientAuth = options.clientSecret ? oauth.ClientSecretBasic(options.clientSecret) : oauth.None();
  }

  async begin(input: OAuthBeginInput): Promise<OAuthBegin> {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', X_SCOPES.join(' '));
    url.searchParams.set('state', input.state);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { authorizeUrl: url.toString(), codeVerifier };
  }

  /** Exchanges the code from the callback for tokens. */
  async exchangeCode(input: OAuthCompleteInput): Promise<XTokens> {
    // Crier checked the state when the callback arrived; only the code reaches the connector.
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
        this.clientAuth,
        callback,
        input.redirectUri,
        input.codeVerifier,
        requestOptions,
      );
      return {
        response,
        process: (checked) => oauth.processAuthorizationCodeResponse(this.server, this.client, checked),
      };
    });
  }

  /** Trades a refresh token for new tokens; X rotates the refresh token each time. */
  async refresh(refreshToken: string): Promise<XTokens> {
    return this.tokenCall('refreshing the access token', async (requestOptions) => {
      const response = await oauth.refreshTokenGrantRequest(
        this.server,
        this.client,
        this.clientAuth,
        refreshToken,
        requestOptions,
      );
      return { response, process: (checked) => oauth.processRefreshTokenResponse(this.server, this.client, checked) };
    });
  }

  private async tokenCall(
    action: string,
    send: (requestOptions: oauth.TokenEndpointRequestOptions) => Promise<{
      response: Response;
      process: (response: Response) => Promise<oauth.TokenEndpointResponse>;
    }>,
  ): Promise<XTokens> {
    const requestOptions: oauth.TokenEndpointRequestOptions = {
      [oauth.customFetch]: this.options.fetch,
      [oauth.allowInsecureRequests]: this.options.allowHttp,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    };
    let sent: Awaited<ReturnType<typeof send>>;
    try {
      sent = await send(requestOptions);
    } catch (error) {
      throw tokenEndpointUnreachable(error);
    }
    const { response, process } = sent;
    if (response.status !== 200) throw await refusal(response, action, this.options.now());
    try {
      const answer = await process(response);
      return {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresAt: this.options.now() + (answer.expires_in ?? DEFAULT_LIFETIME_SECONDS) * 1000,
        scope: answer.scope ?? '',
      };
    } catch (error) {
      if (isConnectorError(error)) throw error;
      throw new ConnectorError('transient', `${NETWORK_NAME} answered the token request in a form Crier cannot read`, {
        status: response.status,
        networkMessage: error instanceof Error ? error.message : String(error),
        cause: error,
      });
    }
  }
}

/**
 * A token call that got no answer published nothing, so even a timeout is only transient. (A lost
 * answer to a refresh may still have rotated the refresh token; the next refresh then says so.)
 */
function tokenEndpointUnreachable(error: unknown): ConnectorError {
  const classified = classifyFetchFailure(error, NETWORK_NAME);
  if (classified.errorClass !== 'unknown_outcome') return classified;
  return new ConnectorError('transient', `${NETWORK_NAME} did not answer the token request`, {
    networkMessage: classified.networkMessage,
    cause: error,
  });
}

/** A refused grant (invalid_grant and friends, 400 or 401) means the person must connect again. */
async function refusal(response: Response, action: string, now: number): Promise<ConnectorError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (response.status === 400 || response.status === 401) {
    const described = describeErrorBody(body);
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused the authorization while ${action}; connect the account again`,
      {
        status: response.status,
        networkMessage: described.message,
        networkCode: described.code,
      },
    );
  }
  return errorFromAnswer({ status: response.status, headers: response.headers, body, action }, now);
}
