import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentForm, sandboxPage } from '../common/html.js';
import { sendError } from './api-pipeline.js';
import type { MastodonState, RegisteredApp } from './state.js';

export interface OAuthRouteOptions {
  state: MastodonState;
  /** PKCE arrived in Mastodon 4.3; older instances ignore code_challenge. */
  supportsPkce: boolean;
  now: () => number;
}

type Params = Record<string, string | undefined>;

const CODE_TTL_MS = 10 * 60_000;
const USERNAME = /^[A-Za-z0-9_]{1,30}$/;

/** OAuth errors add error_description to Mastodon's `{error}` body (RFC 6749 section 5.2). */
function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

function callback(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/** App registration, the consent page, and the token endpoints of one instance. */
export function registerOAuthRoutes(app: FastifyInstance, options: OAuthRouteOptions): void {
  const { state } = options;

  app.post('/api/v1/apps', async (request, reply) => {
    const body = request.body as {
      client_name: string;
      redirect_uris: string[] | string;
      scopes?: string;
      website?: string;
    };
    const redirectUris = Array.isArray(body.redirect_uris) ? body.redirect_uris : body.redirect_uris.split('\n');
    const registered = state.registerApp({
      name: body.client_name,
      website: body.website,
      redirectUris,
      scopes: (body.scopes ?? 'read').split(/\s+/).filter(Boolean),
    });
    return reply.send({
      id: registered.id,
      name: registered.name,
      website: registered.website ?? null,
      scopes: registered.scopes,
      redirect_uri: registered.redirectUris.join('\n'),
      redirect_uris: registered.redirectUris,
      client_id: registered.clientId,
      client_secret: registered.clientSecret,
      client_secret_expires_at: 0,
    });
  });

  const check = (params: Params): { app: RegisteredApp; scopes: string[] } | string => {
    const registered = state.apps.get(params.client_id ?? '');
    if (!registered) return 'Client authentication failed due to unknown client.';
    if (!registered.redirectUris.includes(params.redirect_uri ?? '')) return 'The redirect uri included is not valid.';
    if (params.response_type !== 'code') return 'The authorization server does not support this response type.';
    const scopes = (params.scope ?? 'read').split(/[\s+]+/).filter(Boolean);
    const allowed = scopes.every(
      (scope) => registered.scopes.includes(scope) || registered.scopes.includes(scope.split(':')[0] ?? ''),
    );
    if (!allowed) return 'The requested scope is invalid, unknown, or malformed.';
    if (options.supportsPkce && params.code_challenge && params.code_challenge_method !== 'S256') {
      return 'Only S256 is supported as code_challenge_method.';
    }
    return { app: registered, scopes };
  };

  const consent = (reply: FastifyReply, params: Params, error?: string) => {
    const checked = check(params);
    if (typeof checked === 'string') {
      return reply
        .code(400)
        .type('text/html')
        .send(
          sandboxPage(
            'Mastodon',
            'An error has occurred',
            `<h1>An error has occurred</h1><p class="error" data-testid="error">${checked}</p>`,
          ),
        );
    }
    const hidden: Record<string, string> = {};
    for (const name of [
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'state',
      'code_challenge',
      'code_challenge_method',
    ]) {
      const value = params[name];
      if (value !== undefined) hidden[name] = value;
    }
    const body = consentForm({
      action: '/oauth/authorize',
      heading: `${checked.app.name} would like to access your Mastodon sandbox account`,
      scopes: checked.scopes,
      hidden,
      username: params.username ?? [...state.accounts.values()][0]?.username ?? 'crier_sandbox',
      error,
    });
    return reply
      .code(error ? 400 : 200)
      .type('text/html')
      .send(sandboxPage('Mastodon', 'Authorization required', body));
  };

  app.get('/oauth/authorize', async (request, reply) => consent(reply, request.query as Params));

  app.post('/oauth/authorize', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const checked = check(form);
    if (typeof checked === 'string') return consent(reply, form);
    const redirectUri = form.redirect_uri ?? '';
    if (form.decision !== 'authorize') {
      return reply.redirect(
        callback(redirectUri, {
          error: 'access_denied',
          error_description: 'The resource owner or authorization server denied the request.',
          state: form.state,
        }),
      );
    }
    const username = (form.username ?? '').trim().replace(/^@/, '');
    if (!USERNAME.test(username)) return consent(reply, form, 'A username has 1 to 30 letters, digits or underscores.');
    const account = state.ensureAccount(username);
    const code = state.issueCode({
      clientId: checked.app.clientId,
      redirectUri,
      accountId: account.id,
      scopes: checked.scopes,
      codeChallenge: options.supportsPkce ? form.code_challenge : undefined,
      expiresAt: options.now() + CODE_TTL_MS,
    });
    return reply.redirect(callback(redirectUri, { code, state: form.state }));
  });

  app.post('/oauth/token', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const basic = parseBasic(request.headers.authorization);
    const clientId = basic?.clientId ?? form.client_id;
    const clientSecret = basic?.clientSecret ?? form.client_secret;
    const registered = state.apps.get(clientId ?? '');
    if (!registered || registered.clientSecret !== clientSecret) {
      return oauthError(
        reply,
        401,
        'invalid_client',
        'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
      );
    }
    if (form.grant_type !== 'authorization_code') {
      return oauthError(
        reply,
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
    }
    const grant = state.takeCode(form.code ?? '');
    const invalid =
      !grant ||
      grant.clientId !== registered.clientId ||
      grant.redirectUri !== form.redirect_uri ||
      grant.expiresAt < options.now();
    if (invalid) {
      return oauthError(
        reply,
        400,
        'invalid_grant',
        'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
      );
    }
    if (grant.codeChallenge) {
      const computed = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      if (computed !== grant.codeChallenge) {
        return oauthError(reply, 400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
      }
    }
    const token = state.issueToken(registered.clientId, grant.accountId, grant.scopes);
    // Mastodon tokens have no expires_in and no refresh token: they last until revoked.
    return reply.header('cache-control', 'no-store').send({
      access_token: token.token,
      token_type: 'Bearer',
      scope: token.scopes.join(' '),
      created_at: Math.floor(token.createdAt / 1000),
    });
  });

  app.post('/oauth/revoke', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const registered = state.apps.get(form.client_id ?? '');
    if (!registered || registered.clientSecret !== form.client_secret) {
      return sendError(reply, 403, 'unauthorized_client');
    }
    const token = state.findToken(form.token ?? '');
    if (token?.clientId === registered.clientId) state.revokeToken(token.token);
    return reply.send({});
  });
}

function parseBasic(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const found = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!found?.[1]) return undefined;
  const decoded = Buffer.from(found[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}
