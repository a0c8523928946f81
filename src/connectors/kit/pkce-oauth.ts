import * as oauth from 'oauth4webapi';
import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from './connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from './errors.js';

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
  scope: string;
}

export interface PkceOAuthOptions {
  networkName: string;
  clientId: string;
  /** How the app proves itself to the token endpoint (Basic, form post, or none for public apps). */
  clientAuth: oauth.ClientAuth;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  /** Parameters a network wants on its authorization page beyond the standard ones. */
  extraAuthorizeParams?: Record<string, string>;
  /** Used when a token answer leaves expires_in out. */
  defaultLifetimeSeconds: number;
  /** The sandbox emulators speak plain http on localhost. */
  allowHttp: boolean;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
  /** The network's own words and code from a refused token call's body. */
  describeRefusal(body: unknown): { message?: string; code?: string };
  /** Any other failed answer of the token endpoint, in the network's error classes. */
  errorFromAnswer(
    answer: { status: number; headers: Headers; body: unknown; action: string },
    now: number,
  ): ConnectorError;
}

/**
 * OAuth 2.0 authorization code with PKCE (S256) through oauth4webapi, for networks that publish no
 * discovery document: the authorization server's metadata is written from configuration.
 */
export class PkceOAuth {
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;

  constructor(private readonly options: PkceOAuthOptions) {
    this.server = {
      issuer: new URL(options.authorizeUrl).origin,
      authorization_endpoint: options.authorizeUrl,
      token_endpoint: options.tokenUrl,
      code_challenge_methods_supported: ['S256'],
    };
    this.client = { client_id: options.clientId };
  }

  async begin(input: OAuthBeginInput): Promise<OAuthBegin> {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', this.options.scopes.join(' '));
    url.searchParams.set('state', input.state);
    for (const [name, value] of Object.entries(this.options.extraAuthorizeParams ?? {})) {
      url.searchParams.set(name, value);
    }
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { authorizeUrl: url.toString(), codeVerifier };
  }

  /** Exchanges the code from the callback for tokens. */
  async exchangeCode(input: OAuthCompleteInput): Promise<OAuthTokens> {
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
        this.options.clientAuth,
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

  /** Trades a refresh token for new tokens (some networks rotate the refresh token each time). */
  async refresh(refreshToken: string): Promise<OAuthTokens> {
    return this.tokenCall('refreshing the access token', async (requestOptions) => {
      const response = await oauth.refreshTokenGrantRequest(
        this.server,
        this.client,
        this.options.clientAuth,
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
  ): Promise<OAuthTokens> {
    const { networkName, now } = this.options;
    const requestOptions: oauth.TokenEndpointRequestOptions = {
      [oauth.customFetch]: this.options.fetch,
      [oauth.allowInsecureRequests]: this.options.allowHttp,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    };
    let sent: Awaited<ReturnType<typeof send>>;
    try {
      sent = await send(requestOptions);
    } catch (error) {
      throw this.unreachable(error);
    }
    const { response, process } = sent;
    if (response.status !== 200) throw await this.refusal(response, action, now());
    try {
      const answer = await process(response);
      return {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresAt: now() + (answer.expires_in ?? this.options.defaultLifetimeSeconds) * 1000,
        scope: answer.scope ?? '',
      };
    } catch (error) {
      if (isConnectorError(error)) throw error;
      throw new ConnectorError('transient', `${networkName} answered the token request in a form Crier cannot read`, {
        status: response.status,
        networkMessage: error instanceof Error ? error.message : String(error),
        cause: error,
      });
    }
  }

  /**
   * A token call that got no answer published nothing, so even a timeout is only transient. (A lost
   * answer to a refresh may still have rotated the refresh token; the next refresh then says so.)
   */
  private unreachable(error: unknown): ConnectorError {
    const { networkName } = this.options;
    const classified = classifyFetchFailure(error, networkName);
    if (classified.errorClass !== 'unknown_outcome') return classified;
    return new ConnectorError('transient', `${networkName} did not answer the token request`, {
      networkMessage: classified.networkMessage,
      cause: error,
    });
  }

  /** A refused grant (invalid_grant and friends, 400 or 401) means the person must connect again. */
  private async refusal(response: Response, action: string, now: number): Promise<ConnectorError> {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
    if (response.status === 400 || response.status === 401) {
      const described = this.options.describeRefusal(body);
      return new ConnectorError(
        'auth',
        `${this.options.networkName} refused the authorization while ${action}; connect the account again`,
        { status: response.status, networkMessage: described.message, networkCode: described.code },
      );
    }
    return this.options.errorFromAnswer({ status: response.status, headers: response.headers, body, action }, now);
  }
}
