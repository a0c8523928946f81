import * as oauth from 'oauth4webapi';
import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
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

export interface GoogleTokens {
  accessToken: string;
  /** Only on the first exchange (with `access_type=offline`); Google's refresh tokens do not rotate. */
  refreshToken: string | undefined;
  expiresAt: number;
  scope: string;
}

/** Google documents about an hour; used when an answer leaves expires_in out. */
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * Google's OAuth 2.0 for web-server apps through oauth4webapi: authorization code with PKCE (S256),
 * `access_type=offline` and `prompt=consent` so every connection yields a refresh token.
 */
export class GoogleOAuth {
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly clientAuth: oauth.ClientAuth;

  constructor(private readonly options: GoogleOAuthOptions) {
    this.server = {
      issuer: new URL(options.authorizeUrl).origin,
      authorization_endpoint: options.authorizeUrl,
      token_endpoint: options.tokenUrl,
      code_challenge_methods_supported: ['S256'],
    };
    this.client = { client_id: options.clientId };
    this.clientAuth = oauth.ClientSecretPost(options.clientSecret);
  }

  async begin(input: OAuthBeginInput): Promise<OAuthBegin> {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', YOUTUBE_SCOPES.join(' '));
    url.searchParams.set('state', input.state);
    // Without offline access Google gives no refresh token; without consent it gives one only the first time.
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    url.searchParams.set('include_granted_scopes', 'true');
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { authorizeUrl: url.toString(), codeVerifier };
  }

  async exchangeCode(input: OAuthCompleteInput): Promise<GoogleTokens> {
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

  async refresh(refreshToken: string): Promise<GoogleTokens> {
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
  ): Promise<GoogleTokens> {
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

/** A token call that got no answer published nothing, so even a timeout is only transient. */
function tokenEndpointUnreachable(error: unknown): ConnectorError {
  const classified = classifyFetchFailure(error, NETWORK_NAME);
  if (classified.errorClass !== 'unknown_outcome') return classified;
  return new ConnectorError('transient', `${NETWORK_NAME} did not answer the token request`, {
    networkMessage: classified.networkMessage,
    cause: error,
  });
}

/** `invalid_grant` and friends (400, 401) mean the person must connect again. */
async function refusal(response: Response, action: string, now: number): Promise<ConnectorError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (response.status === 400 || response.status === 401) {
    const described = describeGoogleError(body);
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused the authorization while ${action}; connect the account again`,
      {
        status: response.status,
        networkMessage: described.message,
        networkCode: described.reason,
      },
    );
  }
  return errorFromAnswer({ status: response.status, headers: response.headers, body, action }, now);
}
