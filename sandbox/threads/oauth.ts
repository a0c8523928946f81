import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { escapeHtml, sandboxPage } from '../common/html.js';
import { type ApiHandler, GraphFailure, RawJson } from './api.js';
import { graphErrors } from './graph-errors.js';
import type { ThreadsState, TokenGrant } from './state.js';

/** An app registered with the emulator, like a Meta app with the Threads use case. */
export interface ThreadsClient {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs from the app's settings. */
  redirectUris: string[];
  name?: string;
}

/** Permissions the Threads API knows (threads.md, Auth; the collection's `scope` variable). */
export const THREADS_SCOPES: Record<string, string> = {
  threads_basic: 'Read your profile and posts (always required)',
  threads_content_publish: 'Publish posts on your behalf',
  threads_read_replies: 'Read replies to your posts',
  threads_manage_replies: 'Reply to and hide replies on your posts',
  threads_manage_insights: 'Read insights on your posts and profile',
  threads_delete: 'Delete your posts',
  threads_location_tagging: 'Tag locations in your posts',
  threads_keyword_search: 'Search public posts by keyword',
  threads_manage_mentions: 'Read posts that mention you',
  threads_profile_discovery: 'Look up public profiles',
};

const USERNAME_PATTERN = /^[a-z0-9._]{1,30}$/i;

export interface OAuthOptions {
  state: ThreadsState;
  clients: readonly ThreadsClient[];
  now: () => number;
  authorizationCodeTtlMs: number;
}

type Params = Record<string, string | undefined>;

/** The authorization window (`GET /oauth/authorize` on threads.net): pick a sandbox account, then allow. */
export function registerAuthorizePage(app: FastifyInstance, options: OAuthOptions): void {
  const show = (reply: FastifyReply, params: Params, error?: string) => {
    const client = options.clients.find((candidate) => candidate.clientId === params.client_id);
    if (!client?.redirectUris.includes(params.redirect_uri ?? '')) {
      const message = client
        ? 'The redirect_uri is not one of the app’s valid OAuth redirect URIs.'
        : 'Invalid App ID.';
      return reply
        .code(400)
        .type('text/html')
        .send(sandboxPage('Threads', 'Error', `<h1>Error</h1><p class="error">${escapeHtml(message)}</p>`));
    }
    const scopes = scopesOf(params.scope);
    const unknown = scopes.filter((scope) => !THREADS_SCOPES[scope]);
    const refusal =
      params.response_type !== 'code'
        ? 'response_type must be code'
        : unknown.length > 0
          ? `Invalid Scopes: ${unknown.join(', ')}`
          : !scopes.includes('threads_basic')
            ? 'threads_basic is required'
            : undefined;
    if (refusal)
      return reply.redirect(
        withQuery(params.redirect_uri ?? '', {
          error: 'invalid_request',
          error_description: refusal,
          state: params.state,
        }),
      );
    const users = [...options.state.users.values()]
      .map((user) => `<option value="${escapeHtml(user.username)}">`)
      .join('');
    const hidden = hiddenInputs({
      client_id: client.clientId,
      redirect_uri: params.redirect_uri ?? '',
      scope: scopes.join(','),
      response_type: 'code',
      state: params.state ?? '',
    });
    const items = scopes
      .map((scope) => `<li><code>${escapeHtml(scope)}</code> — ${escapeHtml(THREADS_SCOPES[scope] ?? '')}</li>`)
      .join('');
    const body = `<h1>${escapeHtml(client.name ?? client.clientId)} is requesting access to your Threads sandbox profile</h1>
  <ul class="scopes" data-testid="scopes">${items}</ul>
  ${error ? `<p class="error" role="alert" data-testid="error">${escapeHtml(error)}</p>` : ''}
  <form method="post" action="/oauth/authorize" data-testid="authorize-form">
    ${hidden}
    <label for="username">Sandbox username</label>
    <input type="text" id="username" name="username" data-testid="username" list="known" value="" placeholder="for example crier.sandbox">
    <datalist id="known">${users}</datalist>
    <div class="actions">
      <button type="submit" data-testid="authorize" name="decision" value="authorize">Allow</button>
      <button type="submit" data-testid="cancel" name="decision" value="cancel">Cancel</button>
    </div>
  </form>`;
    return reply
      .code(error ? 400 : 200)
      .type('text/html')
      .send(sandboxPage('Threads', 'Allow access', body));
  };

  app.get('/oauth/authorize', async (request, reply) => show(reply, request.query as Params));

  app.post('/oauth/authorize', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = options.clients.find((candidate) => candidate.clientId === form.client_id);
    if (!client?.redirectUris.includes(form.redirect_uri ?? '')) return show(reply, form);
    const redirectUri = form.redirect_uri ?? '';
    if (form.decision !== 'authorize') {
      return reply.redirect(
        withQuery(redirectUri, {
          error: 'access_denied',
          error_reason: 'user_denied',
          error_description: 'Permissions error',
          state: form.state,
        }),
      );
    }
    const username = (form.username ?? '').trim().replace(/^@/, '');
    if (!USERNAME_PATTERN.test(username))
      return show(reply, form, 'A Threads username has 1 to 30 letters, digits, periods or underscores.');
    const user = options.state.ensureUser(username);
    const code = options.state.issueCode({
      clientId: client.clientId,
      redirectUri,
      userId: user.id,
      scopes: scopesOf(form.scope),
      expiresAt: options.now() + options.authorizationCodeTtlMs,
    });
    // Meta ends the redirect with a `#_` fragment; browsers keep it out of the query.
    return reply.redirect(`${withQuery(redirectUri, { code, state: form.state })}#_`);
  });
}

/** The token endpoints as Graph operations: code exchange, long-lived exchange, refresh. */
export function tokenHandlers(options: OAuthOptions): Record<string, ApiHandler> {
  const { state, clients, now } = options;
  return {
    'POST root/oauth/access_token': {
      authenticated: false,
      scopes: () => [],
      handle: ({ params }) => {
        const client = clients.find((candidate) => candidate.clientId === params.client_id);
        if (!client)
          throw new GraphFailure({
            status: 400,
            message: 'Error validating application. Invalid application ID.',
            type: 'OAuthException',
            code: 101,
          });
        if (!sameSecret(client.clientSecret, params.client_secret ?? '')) {
          throw new GraphFailure({
            status: 400,
            message: 'Error validating client secret.',
            type: 'OAuthException',
            code: 1,
          });
        }
        if (params.grant_type !== 'authorization_code') {
          throw new GraphFailure(
            graphErrors.invalidParameter(
              `Param grant_type must be one of {authorization_code} - got "${params.grant_type ?? ''}"`,
            ),
          );
        }
        const grant = state.takeCode(params.code ?? '');
        if (!grant || grant.clientId !== client.clientId || grant.expiresAt <= now()) {
          throw new GraphFailure({
            status: 400,
            message: 'This authorization code has expired or has been used.',
            type: 'OAuthException',
            code: 100,
            subcode: 36007,
          });
        }
        if (grant.redirectUri !== params.redirect_uri) {
          throw new GraphFailure({
            status: 400,
            message:
              'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
            type: 'OAuthException',
            code: 100,
            subcode: 36008,
          });
        }
        const issued = state.issueToken({
          clientId: client.clientId,
          userId: grant.userId,
          scopes: grant.scopes,
          kind: 'short',
        });
        // Meta writes user_id as a JSON number, too large for a double: clients must read the id elsewhere.
        return new RawJson(`{"access_token":${JSON.stringify(issued.token)},"user_id":${grant.userId}}`);
      },
    },
    'GET root/access_token': {
      authenticated: true,
      scopes: () => [],
      handle: ({ params, grant }) => {
        const current = requireGrant(grant);
        if (params.grant_type !== 'th_exchange_token') {
          throw new GraphFailure(
            graphErrors.invalidParameter(
              `Param grant_type must be one of {th_exchange_token} - got "${params.grant_type ?? ''}"`,
            ),
          );
        }
        const client = clients.find((candidate) => candidate.clientId === current.clientId);
        if (!client || !sameSecret(client.clientSecret, params.client_secret ?? '')) {
          throw new GraphFailure({
            status: 400,
            message: 'Error validating client secret.',
            type: 'OAuthException',
            code: 1,
          });
        }
        if (current.kind !== 'short') {
          throw new GraphFailure(
            graphErrors.invalidParameter('Only a short-lived token can be exchanged for a long-lived one'),
          );
        }
        return tokenAnswer(
          state.issueToken({
            clientId: current.clientId,
            userId: current.userId,
            scopes: current.scopes,
            kind: 'long',
          }),
          now(),
        );
      },
    },
    'GET root/refresh_access_token': {
      authenticated: true,
      scopes: () => [],
      handle: ({ params, grant }) => {
        const current = requireGrant(grant);
        if (params.grant_type !== 'th_refresh_token') {
          throw new GraphFailure(
            graphErrors.invalidParameter(
              `Param grant_type must be one of {th_refresh_token} - got "${params.grant_type ?? ''}"`,
            ),
          );
        }
        if (current.kind !== 'long')
          throw new GraphFailure(graphErrors.invalidParameter('Only a long-lived token can be refreshed'));
        if (now() - current.issuedAt < 24 * 60 * 60_000) {
          throw new GraphFailure(
            graphErrors.invalidParameter('A long-lived token can be refreshed once it is at least 24 hours old'),
          );
        }
        return tokenAnswer(
          state.issueToken({
            clientId: current.clientId,
            userId: current.userId,
            scopes: current.scopes,
            kind: 'long',
          }),
          now(),
        );
      },
    },
  };
}

function tokenAnswer(grant: TokenGrant, now: number) {
  return { access_token: grant.token, token_type: 'bearer', expires_in: Math.round((grant.expiresAt - now) / 1000) };
}

function requireGrant(grant: TokenGrant | undefined): TokenGrant {
  if (!grant) throw new GraphFailure(graphErrors.tokenMissing());
  return grant;
}

export function scopesOf(value: string | undefined): string[] {
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

/** Hidden form fields carrying the authorization request through the consent page. */
function hiddenInputs(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n    ');
}
