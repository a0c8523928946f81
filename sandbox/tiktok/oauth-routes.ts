import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentForm, sandboxPage } from '../common/html.js';
import type { TikTokSandboxState } from './state.js';
import { sendOAuthError } from './tiktok-errors.js';

/** An app registered with the emulator, like an app in TikTok's developer portal. */
export interface TikTokClient {
  clientKey: string;
  clientSecret: string;
  redirectUris: string[];
  name?: string;
  /**
   * Unaudited apps may post only SELF_ONLY content (content sharing guidelines); audited ones may use
   * every privacy level the creator allows. Default false, as for every new app.
   */
  audited?: boolean;
}

export const TIKTOK_SCOPES = [
  'user.info.basic',
  'user.info.profile',
  'user.info.stats',
  'video.list',
  'video.publish',
  'video.upload',
] as const;

export interface TikTokOAuthRouteOptions {
  state: TikTokSandboxState;
  clients: readonly TikTokClient[];
  now: () => number;
}

type Params = Record<string, string | undefined>;

const AUTHORIZE_PATH = '/v2/auth/authorize/';
const CODE_TTL_MS = 10 * 60_000;
const USERNAME = /^[A-Za-z0-9_.]{2,24}$/;
const PKCE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

function errorPage(reply: FastifyReply, message: string) {
  return reply
    .code(400)
    .type('text/html')
    .send(
      sandboxPage(
        'TikTok',
        'Something went wrong',
        `<h1>Something went wrong</h1><p class="error" data-testid="error">${message}</p>`,
      ),
    );
}

/**
 * Login Kit v2: the consent page, the token endpoint (authorization code with PKCE, refresh tokens
 * rotated on every use) and revocation. Scopes are comma-separated, as TikTok writes them.
 */
export function registerTikTokOAuthRoutes(app: FastifyInstance, options: TikTokOAuthRouteOptions): void {
  const { state, now } = options;

  const check = (params: Params) => {
    const client = options.clients.find((candidate) => candidate.clientKey === params.client_key);
    if (!client) return { refusal: 'client_key is not a registered app.' };
    const redirectUri = params.redirect_uri ?? '';
    if (!client.redirectUris.includes(redirectUri))
      return { refusal: 'redirect_uri does not match the app’s registered URIs.' };
    if (params.response_type !== 'code') return { refusal: 'response_type must be code.' };
    const scopes = (params.scope ?? '')
      .split(',')
      .map((scope) => scope.trim())
      .filter(Boolean);
    const unknown = scopes.filter((scope) => !(TIKTOK_SCOPES as readonly string[]).includes(scope));
    if (scopes.length === 0 || unknown.length > 0)
      return { refusal: `Invalid scope: ${unknown.join(',') || '(none)'}` };
    const challenge = params.code_challenge;
    if (challenge !== undefined && (!PKCE_CHALLENGE.test(challenge) || params.code_challenge_method !== 'S256')) {
      return { refusal: 'code_challenge must be S256 of a 43 to 128 character verifier.' };
    }
    return { client, redirectUri, scopes, challenge };
  };

  const render = (params: Params, client: { clientKey: string; name?: string }, scopes: string[], error?: string) => {
    const hidden: Record<string, string> = {};
    for (const name of [
      'client_key',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
      'code_challenge',
      'code_challenge_method',
    ]) {
      const value = params[name];
      if (value !== undefined) hidden[name] = value;
    }
    return sandboxPage(
      'TikTok',
      'Authorize app',
      consentForm({
        action: AUTHORIZE_PATH,
        heading: `${client.name ?? client.clientKey} wants to access your TikTok sandbox account`,
        scopes,
        hidden,
        username: params.username ?? '',
        error,
      }),
    );
  };

  app.get(AUTHORIZE_PATH, async (request, reply) => {
    const params = request.query as Params;
    const checked = check(params);
    if ('refusal' in checked) return errorPage(reply, checked.refusal ?? '');
    return reply.type('text/html').send(render(params, checked.client, checked.scopes));
  });

  app.post(AUTHORIZE_PATH, async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const checked = check(form);
    if ('refusal' in checked) return errorPage(reply, checked.refusal ?? '');
    const callback = new URL(checked.redirectUri);
    if (form.state) callback.searchParams.set('state', form.state);
    if (form.decision !== 'authorize') {
      callback.searchParams.set('error', 'access_denied');
      callback.searchParams.set('error_description', 'The user denied the request');
      return reply.redirect(callback.toString());
    }
    const username = (form.username ?? '').trim().replace(/^@/, '');
    if (!USERNAME.test(username)) {
      return reply
        .code(400)
        .type('text/html')
        .send(
          render(
            form,
            checked.client,
            checked.scopes,
            'A sandbox username has 2 to 24 letters, digits, dots or underscores.',
          ),
        );
    }
    const creator = state.ensureCreator(username);
    const code = state.issueCode({
      clientKey: checked.client.clientKey,
      redirectUri: checked.redirectUri,
      openId: creator.openId,
      scopes: checked.scopes,
      codeChallenge: checked.challenge,
      expiresAt: now() + CODE_TTL_MS,
    });
    callback.searchParams.set('code', code);
    callback.searchParams.set('scopes', checked.scopes.join(','));
    return reply.redirect(callback.toString());
  });

  app.post('/v2/oauth/token/', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = options.clients.find((candidate) => candidate.clientKey === form.client_key);
    if (!client || !sameSecret(client.clientSecret, form.client_secret ?? '')) {
      return sendOAuthError(reply, 401, 'invalid_client', 'Client key or secret is invalid.');
    }
    let issued: ReturnType<TikTokSandboxState['issueTokens']> | undefined;
    if (form.grant_type === 'authorization_code') {
      const grant = form.code ? state.takeCode(form.code) : undefined;
      const valid =
        grant &&
        grant.expiresAt > now() &&
        grant.clientKey === client.clientKey &&
        grant.redirectUri === form.redirect_uri;
      if (!valid) return sendOAuthError(reply, 400, 'invalid_grant', 'Authorization code is expired or invalid.');
      if (grant.codeChallenge) {
        const computed = createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url');
        if (computed !== grant.codeChallenge)
          return sendOAuthError(reply, 400, 'invalid_grant', 'Code verifier does not match.');
      }
      issued = state.issueTokens(client.clientKey, grant.openId, grant.scopes);
    } else if (form.grant_type === 'refresh_token') {
      issued = form.refresh_token ? state.redeemRefreshToken(form.refresh_token, client.clientKey) : undefined;
      if (!issued) return sendOAuthError(reply, 400, 'invalid_grant', 'Refresh token is invalid or expired.');
    } else {
      return sendOAuthError(
        reply,
        400,
        'unsupported_grant_type',
        'grant_type must be authorization_code or refresh_token.',
      );
    }
    return reply.header('cache-control', 'no-store').send({
      open_id: issued.access.openId,
      scope: issued.access.scopes.join(','),
      access_token: issued.access.token,
      expires_in: Math.round((issued.access.expiresAt - now()) / 1000),
      refresh_token: issued.refresh.token,
      refresh_expires_in: Math.round((issued.refresh.expiresAt - now()) / 1000),
      token_type: 'Bearer',
    });
  });

  app.post('/v2/oauth/revoke/', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = options.clients.find((candidate) => candidate.clientKey === form.client_key);
    if (!client || !sameSecret(client.clientSecret, form.client_secret ?? '')) {
      return sendOAuthError(reply, 401, 'invalid_client', 'Client key or secret is invalid.');
    }
    state.revoke(form.token ?? '', client.clientKey);
    return reply.send({});
  });
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
