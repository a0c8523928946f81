import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentForm, escapeHtml, sandboxPage } from '../common/html.js';
import { requireScope, restContextOf } from './rest-pipeline.js';
import type { LinkedInState, Member } from './state.js';

/** An app in LinkedIn's developer portal. */
export interface LinkedInClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name?: string;
  /** Approved for programmatic refresh tokens (linkedin.md: partners only); others re-authorize. */
  refreshTokens?: boolean;
}

/** Scopes the emulator knows (linkedin.md, Auth). */
export const LINKEDIN_SCOPES = [
  'openid',
  'profile',
  'email',
  'w_member_social',
  'r_member_social',
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
  'r_organization_admin',
];

export const ACCESS_TOKEN_TTL_MS = 60 * 24 * 60 * 60_000;
export const REFRESH_TOKEN_TTL_MS = 365 * 24 * 60 * 60_000;
const CODE_TTL_MS = 30 * 60_000;
const USERNAME = /^[a-z0-9._-]{2,40}$/i;

export interface OAuthRouteOptions {
  state: LinkedInState;
  clients: readonly LinkedInClient[];
  /** A member signed in for the first time or again: the emulator gives them their organization roles. */
  onSignIn(member: Member): void;
  now: () => number;
}

type Params = Record<string, string | undefined>;

export function registerOAuthRoutes(app: FastifyInstance, options: OAuthRouteOptions): void {
  const { state, clients, now } = options;
  const trusted = (params: Params) => {
    const client = clients.find((candidate) => candidate.clientId === params.client_id);
    return client?.redirectUris.includes(params.redirect_uri ?? '') ? client : undefined;
  };
  const errorPage = (reply: FastifyReply, message: string) =>
    reply
      .code(400)
      .type('text/html')
      .send(
        sandboxPage('LinkedIn', 'Error', `<h1>Something went wrong</h1><p class="error">${escapeHtml(message)}</p>`),
      );

  const show = (reply: FastifyReply, params: Params, error?: string) => {
    const client = trusted(params);
    if (!client) return errorPage(reply, 'The redirect_uri does not match the registered value for this application.');
    const scopes = scopesOf(params.scope);
    const unknown = scopes.filter((scope) => !LINKEDIN_SCOPES.includes(scope));
    if (params.response_type !== 'code' || scopes.length === 0 || unknown.length > 0) {
      return reply.redirect(
        withQuery(params.redirect_uri ?? '', {
          error: unknown.length > 0 ? 'unauthorized_scope_error' : 'invalid_request',
          error_description:
            unknown.length > 0
              ? `Scope "${unknown.join(' ')}" is not authorized for your application`
              : 'response_type must be code, and scope is required',
          state: params.state,
        }),
      );
    }
    const body = consentForm({
      action: '/oauth/v2/authorization',
      heading: `${client.name ?? client.clientId} would like to access your LinkedIn sandbox account`,
      scopes,
      hidden: {
        response_type: 'code',
        client_id: client.clientId,
        redirect_uri: params.redirect_uri ?? '',
        scope: scopes.join(' '),
        state: params.state ?? '',
      },
      username: '',
      error,
    });
    return reply
      .code(error ? 400 : 200)
      .type('text/html')
      .send(sandboxPage('LinkedIn', 'Sign in', body));
  };

  app.get('/oauth/v2/authorization', async (request, reply) => show(reply, request.query as Params));

  app.post('/oauth/v2/authorization', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = trusted(form);
    if (!client) return show(reply, form);
    if (form.decision !== 'authorize') {
      return reply.redirect(
        withQuery(form.redirect_uri ?? '', {
          error: 'user_cancelled_authorize',
          error_description: 'The user cancelled the authorization',
          state: form.state,
        }),
      );
    }
    const username = (form.username ?? '').trim();
    if (!USERNAME.test(username))
      return show(reply, form, 'A sandbox member name has 2 to 40 letters, digits, dots, dashes or underscores.');
    const member = state.ensureMember(username);
    options.onSignIn(member);
    const code = `AQ${randomBytes(24).toString('base64url')}`;
    state.codes.set(code, {
      clientId: client.clientId,
      redirectUri: form.redirect_uri ?? '',
      memberId: member.id,
      scopes: scopesOf(form.scope),
      expiresAt: now() + CODE_TTL_MS,
    });
    return reply.redirect(withQuery(form.redirect_uri ?? '', { code, state: form.state }));
  });

  app.post('/oauth/v2/accessToken', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const oauthError = (status: number, error: string, description: string) =>
      reply.code(status).send({ error, error_description: description });
    const client = clients.find((candidate) => candidate.clientId === form.client_id);
    if (!client || !sameSecret(client.clientSecret, form.client_secret ?? ''))
      return oauthError(401, 'invalid_client', 'Client authentication failed');

    if (form.grant_type === 'authorization_code') {
      const grant = form.code ? state.codes.get(form.code) : undefined;
      if (form.code) state.codes.delete(form.code);
      if (
        !grant ||
        grant.clientId !== client.clientId ||
        grant.redirectUri !== form.redirect_uri ||
        grant.expiresAt <= now()
      ) {
        return oauthError(
          400,
          'invalid_request',
          'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists',
        );
      }
      const issued = state.issueTokens({
        clientId: client.clientId,
        memberId: grant.memberId,
        scopes: grant.scopes,
        withRefresh: client.refreshTokens === true,
        accessTtlMs: ACCESS_TOKEN_TTL_MS,
        refreshTtlMs: REFRESH_TOKEN_TTL_MS,
      });
      return reply.send(tokenAnswer(issued.access, issued.refresh, now()));
    }

    if (form.grant_type === 'refresh_token') {
      if (!client.refreshTokens)
        return oauthError(400, 'invalid_request', 'This application is not allowed to use refresh tokens');
      const grant = form.refresh_token ? state.refreshTokens.get(form.refresh_token) : undefined;
      if (!grant || grant.clientId !== client.clientId || grant.expiresAt <= now()) {
        return oauthError(400, 'invalid_request', 'The provided refresh token is invalid, revoked or expired');
      }
      // A new access token; the refresh token stays the same and keeps its original expiry.
      const issued = state.issueTokens({
        clientId: client.clientId,
        memberId: grant.memberId,
        scopes: grant.scopes,
        withRefresh: false,
        accessTtlMs: ACCESS_TOKEN_TTL_MS,
        refreshTtlMs: 0,
      });
      return reply.send(tokenAnswer(issued.access, grant, now()));
    }
    return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  });

  // OpenID Connect userinfo (the identity scopes `openid profile email`).
  app.get('/v2/userinfo', async (request) => {
    const context = restContextOf(request);
    requireScope(context, ['openid'], 'userinfo.GET');
    const { member } = context;
    const granted = (scope: string) => context.grant.scopes.includes(scope);
    return {
      sub: member.id,
      ...(granted('profile')
        ? {
            name: `${member.givenName} ${member.familyName}`,
            given_name: member.givenName,
            family_name: member.familyName,
            locale: { country: 'US', language: 'en' },
          }
        : {}),
      ...(granted('email') ? { email: member.email, email_verified: true } : {}),
    };
  });
}

function tokenAnswer(
  access: { token: string; expiresAt: number; scopes: string[] },
  refresh: { token: string; expiresAt: number } | undefined,
  now: number,
) {
  return {
    access_token: access.token,
    expires_in: Math.round((access.expiresAt - now) / 1000),
    ...(refresh
      ? { refresh_token: refresh.token, refresh_token_expires_in: Math.round((refresh.expiresAt - now) / 1000) }
      : {}),
    scope: access.scopes.join(','),
  };
}

function scopesOf(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(/[\s,]+/).filter(Boolean))];
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function withQuery(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
