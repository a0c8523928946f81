import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentForm, sandboxPage } from '../common/html.js';
import type { PinterestState } from './state.js';

/** An app registered with the emulator, as in Pinterest's developer portal. Pinterest apps are confidential. */
export interface PinterestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name?: string;
}

export interface OAuthRouteOptions {
  state: PinterestState;
  clients: readonly PinterestClient[];
  knownScopes: ReadonlySet<string>;
  now: () => number;
}

type Params = Record<string, string | undefined>;

const USERNAME = /^[A-Za-z0-9_]{3,30}$/;
const CODE_TTL_MS = 10 * 60_000;

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

/** Pinterest's consent page (www.pinterest.com/oauth/) and token endpoint (POST /v5/oauth/token, HTTP Basic). */
export function registerOAuthRoutes(app: FastifyInstance, options: OAuthRouteOptions): void {
  const { state } = options;

  const check = (params: Params) => {
    const client = options.clients.find((candidate) => candidate.clientId === params.client_id);
    if (!client) return 'This app is not registered with the Pinterest sandbox (unknown client_id).';
    const redirectUri = params.redirect_uri ?? '';
    if (!client.redirectUris.includes(redirectUri)) return 'The redirect_uri is not one registered for this app.';
    if (params.response_type !== 'code') return 'response_type must be code.';
    // Pinterest's scope list is comma-separated.
    const scopes = (params.scope ?? '').split(/[,\s]+/).filter(Boolean);
    const unknown = scopes.filter((scope) => !options.knownScopes.has(scope));
    if (scopes.length === 0 || unknown.length > 0) return `Invalid scope: ${unknown.join(',') || '(none)'}`;
    return { client, redirectUri, scopes };
  };

  const consent = (reply: FastifyReply, params: Params, error?: string) => {
    const checked = check(params);
    if (typeof checked === 'string') {
      return reply
        .code(400)
        .type('text/html')
        .send(
          sandboxPage(
            'Pinterest',
            'Something went wrong',
            `<h1>Something went wrong</h1><p class="error" data-testid="error">${checked}</p>`,
          ),
        );
    }
    const hidden: Record<string, string> = {};
    for (const name of ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']) {
      const value = params[name];
      if (value !== undefined) hidden[name] = value;
    }
    const body = consentForm({
      action: '/oauth/',
      heading: `${checked.client.name ?? checked.client.clientId} wants to access your Pinterest sandbox account`,
      scopes: checked.scopes,
      hidden,
      username: params.username ?? 'crier_sandbox',
      error,
    });
    return reply
      .code(error ? 400 : 200)
      .type('text/html')
      .send(sandboxPage('Pinterest', 'Give access', body));
  };

  app.get('/oauth/', async (request, reply) => consent(reply, request.query as Params));

  app.post('/oauth/', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const checked = check(form);
    if (typeof checked === 'string') return consent(reply, form);
    const back = new URL(checked.redirectUri);
    if (form.state) back.searchParams.set('state', form.state);
    if (form.decision !== 'authorize') {
      back.searchParams.set('error', 'access_denied');
      return reply.redirect(back.toString());
    }
    const username = (form.username ?? '').trim();
    if (!USERNAME.test(username))
      return consent(reply, form, 'A sandbox username has 3 to 30 letters, digits or underscores.');
    const user = state.ensureUser(username);
    const code = state.issueCode(
      { clientId: checked.client.clientId, userId: user.id, scopes: checked.scopes, redirectUri: checked.redirectUri },
      CODE_TTL_MS,
    );
    back.searchParams.set('code', code);
    return reply.redirect(back.toString());
  });

  app.post('/v5/oauth/token', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const [id = '', secret = ''] = basic
      ? Buffer.from(basic, 'base64')
          .toString('utf8')
          .split(':')
          .map((part) => decodeURIComponent(part))
      : [];
    const client = options.clients.find((candidate) => candidate.clientId === id && candidate.clientSecret === secret);
    if (!client)
      return oauthError(
        reply,
        401,
        'invalid_client',
        'Client authentication failed: send the app id and secret with HTTP Basic.',
      );

    let issued: ReturnType<PinterestState['issueTokens']> | undefined;
    if (form.grant_type === 'authorization_code') {
      const grant = state.takeCode(form.code ?? '');
      const valid =
        grant &&
        grant.clientId === client.clientId &&
        grant.redirectUri === form.redirect_uri &&
        grant.expiresAt > options.now();
      if (!valid) return oauthError(reply, 400, 'invalid_grant', 'Invalid authorization code.');
      issued = state.issueTokens(client.clientId, grant.userId, grant.scopes);
    } else if (form.grant_type === 'refresh_token') {
      issued = state.redeemRefreshToken(form.refresh_token ?? '', client.clientId);
      if (!issued) return oauthError(reply, 400, 'invalid_grant', 'Invalid refresh token.');
    } else {
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }
    const now = options.now();
    return reply.header('cache-control', 'no-store').send({
      access_token: issued.access.token,
      refresh_token: issued.refresh.token,
      response_type: form.grant_type,
      token_type: 'bearer',
      expires_in: Math.round((issued.access.expiresAt - now) / 1000),
      refresh_token_expires_in: Math.round((issued.refresh.expiresAt - now) / 1000),
      refresh_token_expires_at: Math.round(issued.refresh.expiresAt / 1000),
      scope: issued.access.scopes.join(','),
    });
  });
}
