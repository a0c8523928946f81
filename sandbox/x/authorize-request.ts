/** A client application registered with the emulator, like an app in X's developer portal. */
export interface SandboxClient {
  clientId: string;
  /** Confidential clients have a secret and must authenticate with HTTP Basic; public clients have none. */
  clientSecret?: string;
  /** Exact callback URLs; X compares them character for character. */
  redirectUris: string[];
  /** Shown on the authorization page. */
  name?: string;
}

/** A validated `GET /i/oauth2/authorize` request. */
export interface AuthorizationRequest {
  client: SandboxClient;
  redirectUri: string;
  state: string;
  scopes: string[];
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
}

export type AuthorizationCheck =
  | { kind: 'valid'; request: AuthorizationRequest }
  /** The client or callback cannot be trusted: show an error page, never redirect. */
  | { kind: 'untrusted'; message: string }
  /** The callback is trusted: send the error back to it, as OAuth 2.0 says. */
  | { kind: 'redirect_error'; redirectUri: string; state: string | undefined; error: string; description: string };

const PKCE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Checks an authorization request the way X does: the client and its exact redirect URI first (a
 * mismatch shows an error page and never redirects), then the rest, whose errors go back to the app.
 */
export function checkAuthorizationRequest(
  params: Record<string, string | undefined>,
  clients: readonly SandboxClient[],
  knownScopes: ReadonlySet<string>,
): AuthorizationCheck {
  const client = clients.find((candidate) => candidate.clientId === params.client_id);
  if (!client) {
    return { kind: 'untrusted', message: 'This app is not registered with the X sandbox (unknown client_id).' };
  }
  const redirectUri = params.redirect_uri ?? '';
  if (!client.redirectUris.includes(redirectUri)) {
    return {
      kind: 'untrusted',
      message: 'The redirect_uri does not exactly match a callback URL registered for this app.',
    };
  }
  const state = params.state;
  const refuse = (error: string, description: string): AuthorizationCheck => ({
    kind: 'redirect_error',
    redirectUri,
    state,
    error,
    description,
  });

  if (params.response_type !== 'code') return refuse('unsupported_response_type', 'response_type must be code');
  if (!state) return refuse('invalid_request', 'state is required');
  const scopes = (params.scope ?? '').split(/[\s+]+/).filter(Boolean);
  if (scopes.length === 0) return refuse('invalid_scope', 'scope is required');
  const unknown = scopes.filter((scope) => !knownScopes.has(scope));
  if (unknown.length > 0) return refuse('invalid_scope', `unknown scopes: ${unknown.join(' ')}`);
  const method = params.code_challenge_method ?? 'plain';
  if (method !== 'S256' && method !== 'plain') {
    return refuse('invalid_request', 'code_challenge_method must be S256 or plain');
  }
  const codeChallenge = params.code_challenge ?? '';
  if (!PKCE_CHALLENGE.test(codeChallenge)) {
    return refuse('invalid_request', 'code_challenge is required: 43 to 128 characters of [A-Za-z0-9-._~]');
  }
  return {
    kind: 'valid',
    request: { client, redirectUri, state, scopes: [...new Set(scopes)], codeChallenge, codeChallengeMethod: method },
  };
}

/** Builds the redirect back to the app, keeping any query the registered callback already has. */
export function callbackUrl(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/** X usernames: 1 to 15 letters, digits or underscores. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_]{1,15}$/;
