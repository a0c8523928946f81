import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consentForm, sandboxPage } from '../common/html.js';
import type { YouTubeSandboxState } from './state.js';

/** An OAuth client registered with the emulator, like a client in Google Cloud's console. */
export interface GoogleClient {
  clientId: string;
  /** Web-application clients have one and must send it; installed apps may rely on PKCE alone. */
  clientSecret?: string;
  redirectUris: string[];
  name?: string;
}

export interface GoogleOAuthRouteOptions {
  state: YouTubeSandboxState;
  clients: readonly GoogleClient[];
  /** Scope → description, from the discovery document. */
  scopes: Record<string, string>;
  now: () => number;
}

type Params = Record<string, string | undefined>;

const AUTHORIZE_PATH = '/o/oauth2/v2/auth';
const CODE_TTL_MS = 10 * 60_000;
const USERNAME = /^[A-Za-z0-9_.-]{3,30}$/;
/** Scopes Google grants besides the API's own (sign-in). */
const IDENTITY_SCOPES = new Set(['openid', 'email', 'profile']);

function tokenError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

function errorPage(reply: FastifyReply, status: number, title: string, message: string) {
  return reply
    .code(status)
    .type('text/html')
    .send(sandboxPage('YouTube', title, `<h1>${title}</h1><p class="error" data-testid="error">${message}</p>`));
}

/**
 * Google's OAuth 2.0 for web-server apps: the consent page (`/o/oauth2/v2/auth`), the token endpoint
 * (authorization code, with PKCE when the request had a challenge, and refresh tokens that do not
 * rotate), and revocation. A refresh token is handed out only for `access_type=offline`.
 */
export function registerGoogleOAuthRoutes(app: FastifyInstance, options: GoogleOAuthRouteOptions): void {
  const { state, now } = options;

  /** Checks the request; an untrusted client or callback gets an error page, never a redirect. */
  const check = (params: Params, reply: FastifyReply) => {
    const client = options.clients.find((candidate) => candidate.clientId === params.client_id);
    if (!client) return { page: errorPage(reply, 401, 'Error 401: invalid_client', 'The OAuth client was not found.') };
    const redirectUri = params.redirect_uri ?? '';
    if (!client.redirectUris.includes(redirectUri)) {
      return {
        page: errorPage(
          reply,
          400,
          'Error 400: redirect_uri_mismatch',
          'The redirect URI in the request does not match the ones authorized for the OAuth client.',
        ),
      };
    }
    if (params.response_type !== 'code') {
      return { page: errorPage(reply, 400, 'Error 400: unsupported_response_type', 'response_type must be code.') };
    }
    const scopes = (params.scope ?? '').split(/\s+/).filter(Boolean);
    const unknown = scopes.filter((scope) => !(scope in options.scopes) && !IDENTITY_SCOPES.has(scope));
    if (scopes.length === 0 || unknown.length > 0) {
      const message =
        scopes.length === 0
          ? 'Missing required parameter: scope'
          : `Some requested scopes were invalid: ${unknown.join(' ')}`;
      return { page: errorPage(reply, 400, 'Error 400: invalid_scope', message) };
    }
    const method = params.code_challenge_method ?? (params.code_challenge ? 'plain' : undefined);
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return { page: errorPage(reply, 400, 'Error 400: invalid_request', 'Invalid code_challenge_method.') };
    }
    return { client, redirectUri, scopes, method };
  };

  app.get(AUTHORIZE_PATH, async (request, reply) => {
    const params = request.query as Params;
    const checked = check(params, reply);
    if ('page' in checked) return checked.page;
    return reply.type('text/html').send(renderConsent(params, checked.client, checked.scopes));
  });

  app.post(AUTHORIZE_PATH, async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const checked = check(form, reply);
    if ('page' in checked) return checked.page;
    const callback = new URL(checked.redirectUri);
    if (form.state) callback.searchParams.set('state', form.state);
    if (form.decision !== 'authorize') {
      callback.searchParams.set('error', 'access_denied');
      return reply.redirect(callback.toString());
    }
    const username = (form.username ?? '').trim().replace(/^@/, '');
    if (!USERNAME.test(username)) {
      const html = renderConsent(
        form,
        checked.client,
        checked.scopes,
        'A sandbox account name has 3 to 30 letters, digits, dots, dashes or underscores.',
      );
      return reply.code(400).type('text/html').send(html);
    }
    const channel = state.ensureChannel(username);
    const code = state.issueCode({
      clientId: checked.client.clientId,
      redirectUri: checked.redirectUri,
      channelId: channel.id,
      scopes: checked.scopes,
      offline: form.access_type === 'offline',
      codeChallenge: form.code_challenge || undefined,
      codeChallengeMethod: checked.method as 'S256' | 'plain' | undefined,
      expiresAt: now() + CODE_TTL_MS,
    });
    callback.searchParams.set('code', code);
    callback.searchParams.set('scope', checked.scopes.join(' '));
    return reply.redirect(callback.toString());
  });

  app.post('/token', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = authenticateClient(request, form, options.clients);
    if (typeof client === 'string') return tokenError(reply, 401, 'invalid_client', client);

    if (form.grant_type === 'authorization_code') {
      const grant = form.code ? state.takeCode(form.code) : undefined;
      if (!grant || grant.expiresAt <= now() || grant.clientId !== client.clientId) {
        return tokenError(reply, 400, 'invalid_grant', 'Malformed auth code.');
      }
      if (grant.redirectUri !== form.redirect_uri)
        return tokenError(reply, 400, 'redirect_uri_mismatch', 'Bad Request');
      if (grant.codeChallenge && !verifierMatches(form.code_verifier, grant.codeChallenge, grant.codeChallengeMethod)) {
        return tokenError(reply, 400, 'invalid_grant', 'Invalid code verifier.');
      }
      if (!grant.codeChallenge && !client.clientSecret) {
        return tokenError(reply, 400, 'invalid_request', 'client_secret is missing.');
      }
      const access = state.issueAccessToken(client.clientId, grant.channelId, grant.scopes);
      const refresh = grant.offline
        ? state.issueRefreshToken(client.clientId, grant.channelId, grant.scopes)
        : undefined;
      return sendTokens(reply, access.token, access.expiresAt - now(), grant.scopes, refresh?.token);
    }

    if (form.grant_type === 'refresh_token') {
      const grant = form.refresh_token ? state.findRefreshToken(form.refresh_token) : undefined;
      if (!grant || grant.clientId !== client.clientId) {
        return tokenError(reply, 400, 'invalid_grant', 'Token has been expired or revoked.');
      }
      const access = state.issueAccessToken(client.clientId, grant.channelId, grant.scopes);
      return sendTokens(reply, access.token, access.expiresAt - now(), grant.scopes, undefined);
    }

    return tokenError(reply, 400, 'unsupported_grant_type', `Invalid grant_type: ${form.grant_type ?? ''}`);
  });

  app.post('/revoke', async (request, reply) => {
    const form = { ...(request.query as Params), ...((request.body ?? {}) as Params) };
    if (!form.token || !state.revoke(form.token)) {
      return tokenError(reply, 400, 'invalid_token', 'Token expired or revoked');
    }
    return reply.send({});
  });
}

function renderConsent(params: Params, client: GoogleClient, scopes: string[], error?: string): string {
  const hidden: Record<string, string> = {};
  for (const name of [
    'client_id',
    'redirect_uri',
    'response_type',
    'scope',
    'state',
    'access_type',
    'prompt',
    'code_challenge',
    'code_challenge_method',
    'include_granted_scopes',
  ]) {
    const value = params[name];
    if (value !== undefined) hidden[name] = value;
  }
  return sandboxPage(
    'YouTube',
    'Sign in with Google',
    consentForm({
      action: AUTHORIZE_PATH,
      heading: `${client.name ?? client.clientId} wants to access your Google account (YouTube sandbox)`,
      scopes,
      hidden,
      username: params.username ?? '',
      error,
    }),
  );
}

function sendTokens(reply: FastifyReply, accessToken: string, ttlMs: number, scopes: string[], refreshToken?: string) {
  const body: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: Math.max(0, Math.round(ttlMs / 1000)),
    scope: scopes.join(' '),
    token_type: 'Bearer',
  };
  if (refreshToken) body.refresh_token = refreshToken;
  return reply.header('cache-control', 'no-store').send(body);
}

/** Google takes the client's credentials in the form body or as HTTP Basic. */
function authenticateClient(
  request: FastifyRequest,
  form: Params,
  clients: readonly GoogleClient[],
): GoogleClient | string {
  let clientId = form.client_id;
  let secret = form.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = formDecode(decoded.slice(0, colon));
    secret = formDecode(decoded.slice(colon + 1));
  }
  const client = clients.find((candidate) => candidate.clientId === clientId);
  if (!client) return 'The OAuth client was not found.';
  if (client.clientSecret && (!secret || !sameSecret(client.clientSecret, secret))) return 'Unauthorized';
  return client;
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function verifierMatches(
  verifier: string | undefined,
  challenge: string,
  method: 'S256' | 'plain' | undefined,
): boolean {
  if (!verifier) return false;
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
