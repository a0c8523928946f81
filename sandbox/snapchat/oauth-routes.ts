import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentForm, sandboxPage } from '../common/html.js';
import type { SnapchatState } from './state.js';

/** An allowlisted app: Snap enables the Public Profile API for a client id on request. */
export interface SnapchatClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name?: string;
}

type Params = Record<string, string | undefined>;

export const KNOWN_SCOPES = ['snapchat-profile-api', 'snapchat-marketing-api'];
const USERNAME = /^[a-z][a-z0-9._-]{2,14}$/;

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

/** Snap's accounts.snapchat.com consent page and token endpoint (form body, client secret in it). */
export function registerOAuthRoutes(
  app: FastifyInstance,
  options: { state: SnapchatState; clients: readonly SnapchatClient[]; accessTtlSeconds: number },
): void {
  const { state } = options;

  const check = (params: Params) => {
    const client = options.clients.find((candidate) => candidate.clientId === params.client_id);
    if (!client) return 'This app is not allowlisted for the Snapchat sandbox (unknown client_id).';
    const redirectUri = params.redirect_uri ?? '';
    if (!client.redirectUris.includes(redirectUri)) return 'The redirect_uri is not registered for this app.';
    if (params.response_type !== 'code') return 'response_type must be code.';
    const scopes = (params.scope ?? '').split(/\s+/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((scope) => !KNOWN_SCOPES.includes(scope)))
      return `Invalid scope: ${params.scope ?? ''}`;
    return { client, redirectUri, scopes };
  };

  const consent = (reply: FastifyReply, params: Params, error?: string) => {
    const checked = check(params);
    if (typeof checked === 'string')
      return reply
        .code(400)
        .type('text/html')
        .send(
          sandboxPage(
            'Snapchat',
            'Error',
            `<h1>Something went wrong</h1><p class="error" data-testid="error">${checked}</p>`,
          ),
        );
    const hidden: Record<string, string> = {};
    for (const name of ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']) {
      const value = params[name];
      if (value !== undefined) hidden[name] = value;
    }
    const body = consentForm({
      action: '/login/oauth2/authorize',
      heading: `${checked.client.name ?? checked.client.clientId} wants to manage your Snapchat Public Profile`,
      scopes: checked.scopes,
      hidden,
      username: 'crier_sandbox',
      error,
    });
    return reply
      .code(error ? 400 : 200)
      .type('text/html')
      .send(sandboxPage('Snapchat', 'Continue', body));
  };

  app.get('/login/oauth2/authorize', async (request, reply) => consent(reply, request.query as Params));

  app.post('/login/oauth2/authorize', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const checked = check(form);
    if (typeof checked === 'string') return consent(reply, form);
    const back = new URL(checked.redirectUri);
    if (form.state) back.searchParams.set('state', form.state);
    if (form.decision !== 'authorize') {
      back.searchParams.set('error', 'access_denied');
      return reply.redirect(back.toString());
    }
    const username = (form.username ?? '').trim().toLowerCase();
    if (!USERNAME.test(username))
      return consent(reply, form, 'A Snapchat username has 3 to 15 characters and starts with a letter.');
    const profile = state.ensureProfile(username);
    back.searchParams.set(
      'code',
      state.issueCode({
        clientId: checked.client.clientId,
        redirectUri: checked.redirectUri,
        profileId: profile.id,
        scopes: checked.scopes,
      }),
    );
    return reply.redirect(back.toString());
  });

  app.post('/login/oauth2/access_token', async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const client = options.clients.find(
      (candidate) => candidate.clientId === form.client_id && candidate.clientSecret === form.client_secret,
    );
    if (!client) return oauthError(reply, 401, 'invalid_client', 'Client authentication failed.');
    let issued: ReturnType<SnapchatState['issueTokens']> | undefined;
    if (form.grant_type === 'authorization_code') {
      const grant = state.takeCode(form.code ?? '');
      if (!grant || grant.clientId !== client.clientId || grant.redirectUri !== form.redirect_uri)
        return oauthError(reply, 400, 'invalid_grant', 'Invalid authorization code.');
      issued = state.issueTokens(client.clientId, grant.profileId, grant.scopes);
    } else if (form.grant_type === 'refresh_token') {
      issued = state.refresh(form.refresh_token ?? '', client.clientId);
      if (!issued) return oauthError(reply, 400, 'invalid_grant', 'Invalid refresh token.');
    } else {
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }
    return reply.header('cache-control', 'no-store').send({
      access_token: issued.access.token,
      token_type: 'Bearer',
      expires_in: options.accessTtlSeconds,
      refresh_token: issued.refresh.token,
      scope: issued.access.scopes.join(' '),
    });
  });
}
