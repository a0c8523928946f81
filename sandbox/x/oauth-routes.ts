import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderAuthorizePage, renderErrorPage } from './authorize-page.js';
import { callbackUrl, checkAuthorizationRequest, type SandboxClient, USERNAME_PATTERN } from './authorize-request.js';
import type { IssuedTokens, XSandboxState } from './state.js';

export interface OAuthRouteOptions {
  state: XSandboxState;
  clients: readonly SandboxClient[];
  scopeDescriptions: Record<string, string>;
  authorizationCodeTtlMs: number;
  now: () => number;
}

type Params = Record<string, string | undefined>;

/** OAuth 2.0 errors use RFC 6749's shape, not X's problem documents. */
function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

export function registerOAuthRoutes(app: FastifyInstance, options: OAuthRouteOptions): void {
  const knownScopes = new Set(Object.keys(options.scopeDescriptions));

  const showConsent = (reply: FastifyReply, params: Params, extra: { username?: string; error?: string } = {}) => {
    const check = checkAuthorizationRequest(params, options.clients, knownScopes);
    if (check.kind === 'untrusted') {
      return reply
        .code(400)
        .type('text/html')
        .send(renderErrorPage("You weren't able to give access to the app", check.message));
    }
    if (check.kind === 'redirect_error') {
      const { redirectUri, state, error, description } = check;
      return reply.redirect(callbackUrl(redirectUri, { error, error_description: description, state }));
    }
    const html = renderAuthorizePage({
      request: check.request,
      scopeDescriptions: options.scopeDescriptions,
      knownUsernames: [...options.state.users.values()].map((user) => user.username),
      ...extra,
    });
    return reply
      .code(extra.error ? 400 : 200)
      .type('text/html')
      .send(html);
  };

  app.get('/i/oauth2/authorize', async (request, reply) => showConsent(reply, request.query as Params));

  app.post('/i/oauth2/authorize', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const check = checkAuthorizationRequest(form, options.clients, knownScopes);
    if (check.kind !== 'valid') return showConsent(reply, form);
    const { request: authorization } = check;
    if (form.decision !== 'authorize') {
      return reply.redirect(
        callbackUrl(authorization.redirectUri, {
          error: 'access_denied',
          error_description: 'The person cancelled the authorization',
          state: authorization.state,
        }),
      );
    }
    const username = (form.username ?? '').trim().replace(/^@/, '');
    if (!USERNAME_PATTERN.test(username)) {
      return showConsent(reply, form, {
        username,
        error: 'A sandbox username has 1 to 15 letters, digits or underscores.',
      });
    }
    const user = options.state.ensureUser(username);
    const code = options.state.issueCode({
      clientId: authorization.client.clientId,
      redirectUri: authorization.redirectUri,
      userId: user.id,
      scopes: authorization.scopes,
      codeChallenge: authorization.codeChallenge,
      codeChallengeMethod: authorization.codeChallengeMethod,
      expiresAt: options.now() + options.authorizationCodeTtlMs,
    });
    return reply.redirect(callbackUrl(authorization.redirectUri, { state: authorization.state, code }));
  });

  app.post('/2/oauth2/token', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = authenticateClient(request, form, options.clients);
    if ('error' in client) return oauthError(reply, 401, client.error, client.description);

    if (form.grant_type === 'authorization_code') {
      if (!form.code || !form.redirect_uri || !form.code_verifier) {
        return oauthError(reply, 400, 'invalid_request', 'code, redirect_uri and code_verifier are required');
      }
      const grant = options.state.takeCode(form.code);
      const valid =
        grant &&
        grant.expiresAt > options.now() &&
        grant.clientId === client.clientId &&
        grant.redirectUri === form.redirect_uri;
      if (!valid) {
        return oauthError(reply, 400, 'invalid_grant', 'Value passed for the authorization code was invalid.');
      }
      if (!verifierMatches(form.code_verifier, grant.codeChallenge, grant.codeChallengeMethod)) {
        return oauthError(reply, 400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
      }
      return sendTokens(reply, options.state.issueTokens(client.clientId, grant.userId, grant.scopes), options.now());
    }

    if (form.grant_type === 'refresh_token') {
      if (!form.refresh_token) return oauthError(reply, 400, 'invalid_request', 'refresh_token is required');
      const issued = options.state.redeemRefreshToken(form.refresh_token, client.clientId);
      if (!issued) return oauthError(reply, 400, 'invalid_grant', 'Value passed for the refresh token was invalid.');
      return sendTokens(reply, issued, options.now());
    }

    return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  });

  app.post('/2/oauth2/revoke', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = authenticateClient(request, form, options.clients);
    if ('error' in client) return oauthError(reply, 401, client.error, client.description);
    if (!form.token) return oauthError(reply, 400, 'invalid_request', 'token is required');
    options.state.revokeToken(form.token, client.clientId);
    return reply.send({ revoked: true });
  });
}

function sendTokens(reply: FastifyReply, issued: IssuedTokens, now: number) {
  const body: Record<string, unknown> = {
    token_type: 'bearer',
    expires_in: Math.max(0, Math.round((issued.access.expiresAt - now) / 1000)),
    access_token: issued.access.token,
    scope: issued.access.scopes.join(' '),
  };
  if (issued.refresh) body.refresh_token = issued.refresh.token;
  return reply.header('cache-control', 'no-store').send(body);
}

type ClientCheck = SandboxClient | { error: string; description: string };

/**
 * Confidential clients authenticate with HTTP Basic (id and secret form-encoded, RFC 6749 2.3.1);
 * public clients send only client_id in the body.
 */
function authenticateClient(request: FastifyRequest, form: Params, clients: readonly SandboxClient[]): ClientCheck {
  const basic = parseBasicAuthorization(request.headers.authorization);
  if (basic) {
    const client = clients.find((candidate) => candidate.clientId === basic.clientId);
    if (!client?.clientSecret || !sameSecret(client.clientSecret, basic.clientSecret)) {
      return { error: 'invalid_client', description: 'Client authentication failed.' };
    }
    if (form.client_id !== undefined && form.client_id !== client.clientId) {
      return { error: 'invalid_client', description: 'client_id does not match the authenticated client.' };
    }
    return client;
  }
  const client = clients.find((candidate) => candidate.clientId === form.client_id);
  if (!client) return { error: 'invalid_client', description: 'Unknown client_id.' };
  if (client.clientSecret) return { error: 'unauthorized_client', description: 'Missing valid authorization header' };
  return client;
}

function parseBasicAuthorization(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const found = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!found?.[1]) return undefined;
  const decoded = Buffer.from(found[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function verifierMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return computed === challenge;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch (error) {
    // A malformed escape cannot match a registered id or secret; compare it as sent.
    if (error instanceof URIError) return value;
    throw error;
  }
}
