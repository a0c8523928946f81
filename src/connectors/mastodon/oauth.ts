import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import type { OAuthBegin, OAuthBeginInput, OAuthCompleteInput } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure } from '../kit/errors.js';
import { type AppRegistration, appFor, type InstanceApp, type InstanceAppStore } from './app-registry.js';
import { NETWORK_NAME } from './errors.js';
import { instanceOrigin } from './server.js';

/** Post with media, read the account, threads and notifications (replies and mentions). */
export const MASTODON_SCOPES = [
  'read:accounts',
  'read:statuses',
  'read:notifications',
  'write:statuses',
  'write:media',
] as const;

/**
 * What Crier keeps server-side between `begin` and `complete` (sealed, as the PKCE verifier field):
 * the instance and the app registration travel with the verifier, so completing works even after a
 * restart and on any instance.
 */
const continuationSchema = z.object({
  verifier: z.string(),
  server: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
});
type Continuation = z.infer<typeof continuationSchema>;

export interface MastodonTokens {
  server: string;
  app: InstanceApp;
  accessToken: string;
  scope: string;
}

export interface MastodonOAuthOptions {
  apps: InstanceAppStore;
  registration: AppRegistration;
  allowHttp: boolean;
  fetch: typeof fetch;
}

/**
 * OAuth 2.0 against any instance: register Crier there once, then authorization code with PKCE
 * (S256, honoured since Mastodon 4.3 and ignored by older instances) and client_secret_post.
 */
export class MastodonOAuth {
  constructor(private readonly options: MastodonOAuthOptions) {}

  async begin(input: OAuthBeginInput): Promise<OAuthBegin> {
    const server = instanceOrigin(input.server, { allowHttp: this.options.allowHttp });
    const app = await appFor(this.options.apps, server, input.redirectUri, this.options.registration);
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL('/oauth/authorize', server);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', app.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', MASTODON_SCOPES.join(' '));
    url.searchParams.set('state', input.state);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    const continuation: Continuation = { verifier, server, clientId: app.clientId, clientSecret: app.clientSecret };
    return { authorizeUrl: url.toString(), codeVerifier: JSON.stringify(continuation) };
  }

  async complete(input: OAuthCompleteInput): Promise<MastodonTokens> {
    const continuation = readContinuation(input.codeVerifier);
    const server: oauth.AuthorizationServer = {
      issuer: continuation.server,
      authorization_endpoint: `${continuation.server}/oauth/authorize`,
      token_endpoint: `${continuation.server}/oauth/token`,
    };
    const client: oauth.Client = { client_id: continuation.clientId };
    const callback = oauth.validateAuthResponse(
      server,
      client,
      new URLSearchParams({ code: input.code }),
      oauth.skipStateCheck,
    );
    let response: Response;
    try {
      response = await oauth.authorizationCodeGrantRequest(
        server,
        client,
        oauth.ClientSecretPost(continuation.clientSecret),
        callback,
        input.redirectUri,
        continuation.verifier,
        {
          [oauth.customFetch]: this.options.fetch,
          [oauth.allowInsecureRequests]: this.options.allowHttp,
          signal: AbortSignal.timeout(this.options.registration.timeoutMs),
        },
      );
    } catch (error) {
      // No answer to a token request published nothing.
      const failure = classifyFetchFailure(error, NETWORK_NAME);
      throw new ConnectorError('transient', `${NETWORK_NAME} did not answer the token request`, {
        networkMessage: failure.networkMessage,
        cause: error,
      });
    }
    if (response.status !== 200) {
      const body = readOAuthError(await response.text());
      throw new ConnectorError('auth', `${NETWORK_NAME} refused the authorization; connect the account again`, {
        status: response.status,
        networkCode: body.error,
        networkMessage: body.error_description ?? body.error,
      });
    }
    // Mastodon's answer has no expires_in: oauth4webapi checks the rest of it.
    const answer = await oauth.processAuthorizationCodeResponse(server, client, response);
    return {
      server: continuation.server,
      app: { clientId: continuation.clientId, clientSecret: continuation.clientSecret },
      accessToken: answer.access_token,
      scope: answer.scope ?? MASTODON_SCOPES.join(' '),
    };
  }
}

function readContinuation(value: string): Continuation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  const checked = continuationSchema.safeParse(parsed);
  if (!checked.success)
    throw new ConnectorError(
      'auth',
      `The ${NETWORK_NAME} connection was started by another version of Crier; start again`,
    );
  return checked.data;
}

/** The `{error, error_description}` of a refused token request; an HTML page keeps its start as the message. */
function readOAuthError(text: string): { error?: string; error_description?: string } {
  try {
    return JSON.parse(text) as { error?: string; error_description?: string };
  } catch (error) {
    if (error instanceof SyntaxError) return { error_description: text.slice(0, 300) };
    throw error;
  }
}
