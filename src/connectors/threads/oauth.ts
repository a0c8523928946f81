import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { errorFromGraph } from '../meta/errors.js';
import { NETWORK_NAME } from './credentials.js';

/** Publish, read and answer replies, read insights; threads_basic is always required. */
export const THREADS_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_read_replies',
  'threads_manage_replies',
  'threads_manage_insights',
] as const;

export interface ThreadsOAuthOptions {
  appId: string;
  appSecret: string;
  /** `https://threads.net/oauth/authorize` live. */
  authorizeUrl: string;
  /** `https://graph.threads.net`: the token endpoints sit at its root, outside `/v1.0`. */
  graphHostUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export interface ThreadsToken {
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
}

/** Threads documents 60 days; used when an answer leaves expires_in out. */
const LONG_LIVED_SECONDS = 60 * 24 * 60 * 60;

/**
 * Threads' OAuth (threads.md, Auth): the authorization code (no PKCE: Threads takes none) becomes a
 * one-hour token, which Crier trades at once for a 60-day one; that one is renewed while it lasts.
 */
export class ThreadsOAuth {
  constructor(private readonly options: ThreadsOAuthOptions) {}

  begin(input: OAuthBeginInput): OAuthBegin {
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('client_id', this.options.appId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', THREADS_SCOPES.join(','));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', input.state);
    // Nothing to keep between begin and complete: Threads has no PKCE verifier.
    return { authorizeUrl: url.toString(), codeVerifier: '' };
  }

  /** The code for a short-lived token, then that for a long-lived one. */
  async exchangeCode(input: OAuthCompleteInput): Promise<ThreadsToken> {
    const short = await this.call('POST', '/oauth/access_token', 'connecting the account', {
      client_id: this.options.appId,
      client_secret: this.options.appSecret,
      // Meta's redirect ends in `#_`; a code copied with it would be refused.
      code: input.code.replace(/#_$/, ''),
      grant_type: 'authorization_code',
      redirect_uri: input.redirectUri,
    });
    return this.call('GET', '/access_token', 'getting a long-lived token', {
      grant_type: 'th_exchange_token',
      client_secret: this.options.appSecret,
      access_token: short.accessToken,
    });
  }

  /** Renews a long-lived token that is at least a day old and has not lapsed. */
  refresh(accessToken: string): Promise<ThreadsToken> {
    return this.call('GET', '/refresh_access_token', 'renewing the access token', {
      grant_type: 'th_refresh_token',
      access_token: accessToken,
    });
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    action: string,
    params: Record<string, string>,
  ): Promise<ThreadsToken> {
    const url = new URL(`${this.options.graphHostUrl.replace(/\/$/, '')}${path}`);
    const init: RequestInit = { method, signal: AbortSignal.timeout(this.options.timeoutMs) };
    if (method === 'POST') init.body = new URLSearchParams(params);
    else for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const issuedAt = this.options.now();
    let response: Response;
    let body: unknown;
    try {
      response = await this.options.fetch(url, init);
      body = parse(await response.text());
    } catch (error) {
      if (isConnectorError(error)) throw error;
      // A token call publishes nothing, so even a lost answer is only transient.
      const failure = classifyFetchFailure(error, NETWORK_NAME);
      throw new ConnectorError('transient', `${NETWORK_NAME} did not answer while ${action}`, {
        networkMessage: failure.networkMessage,
        cause: error,
      });
    }
    if (response.status !== 200) {
      const refused = errorFromGraph(
        { status: response.status, headers: response.headers, body, action, networkName: NETWORK_NAME },
        this.options.now(),
      );
      // A refused code or token cannot be fixed by waiting: the person connects again.
      if (refused.errorClass === 'invalid_content') {
        throw new ConnectorError(
          'auth',
          `${NETWORK_NAME} refused the authorization while ${action}; connect the account again`,
          {
            status: refused.status,
            networkMessage: refused.networkMessage,
            networkCode: refused.networkCode,
          },
        );
      }
      throw refused;
    }
    const token = (body as { access_token?: unknown; expires_in?: unknown } | undefined) ?? {};
    if (typeof token.access_token !== 'string') {
      throw new ConnectorError('transient', `${NETWORK_NAME} answered ${action} without a token`, {
        status: response.status,
      });
    }
    const lifetime = typeof token.expires_in === 'number' ? token.expires_in : LONG_LIVED_SECONDS;
    return { accessToken: token.access_token, issuedAt, expiresAt: issuedAt + lifetime * 1000 };
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // An outage page instead of JSON: keep the text for the message.
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}
