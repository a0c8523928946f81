import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { graphErrors, sendGraphError } from './graph-errors.js';
import { escapeHtml, hiddenFields, page } from './html.js';
import type { GraphState, SandboxPage } from './state.js';

/** An app registered with the emulator, like an app in Meta's App Dashboard. */
export interface SandboxApp {
  appId: string;
  appSecret: string;
  /** Valid OAuth redirect URIs; Meta compares them exactly. */
  redirectUris: string[];
  name?: string;
}

export interface LoginRouteOptions {
  state: GraphState;
  apps: readonly SandboxApp[];
  version: string;
  /** Permissions the dialog accepts in `scope`. */
  knownScopes: ReadonlySet<string>;
  shortLivedTokenSeconds: number;
  longLivedTokenSeconds: number;
  now: () => number;
}

type Params = Record<string, string | undefined>;

interface PendingCode {
  appId: string;
  redirectUri: string;
  personId: string;
  scopes: string[];
  pageIds: string[];
  expiresAt: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;

/**
 * Facebook Login: the OAuth dialog (who you are, then which Pages and Instagram accounts the app may
 * use), the code exchange and the long-lived token exchange (`grant_type=fb_exchange_token`).
 */
export function registerLoginRoutes(app: FastifyInstance, options: LoginRouteOptions): void {
  const { state, version, now } = options;
  const codes = new Map<string, PendingCode>();
  const dialogPath = `/${version}/dialog/oauth`;

  type Checked = { error: string } | { client: SandboxApp; redirectUri: string; scopes: string[]; state: string };
  const check = (params: Params): Checked => {
    const client = options.apps.find((candidate) => candidate.appId === params.client_id);
    if (!client) return { error: 'Invalid App ID: the app is not registered with the sandbox.' };
    const redirectUri = params.redirect_uri ?? '';
    if (!client.redirectUris.includes(redirectUri)) {
      return {
        error:
          "URL blocked: this redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.",
      };
    }
    if (params.response_type !== undefined && params.response_type !== 'code') {
      return { error: 'response_type must be code for this app.' };
    }
    const scopes = (params.scope ?? '').split(/[\s,]+/).filter(Boolean);
    const unknown = scopes.filter((scope) => !options.knownScopes.has(scope));
    if (unknown.length > 0) return { error: `Invalid Scopes: ${unknown.join(', ')}.` };
    return { client, redirectUri, scopes: [...new Set(scopes)], state: params.state ?? '' };
  };

  const sendPage = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).type('text/html').send(html);

  app.get(dialogPath, async (request, reply) => {
    const params = request.query as Params;
    const checked = check(params);
    if ('error' in checked) return sendPage(reply, 400, errorPage(checked.error));
    const known = [...state.people.values()].map((person) => person.name);
    return sendPage(reply, 200, loginStep(dialogPath, params, known));
  });

  app.post(dialogPath, async (request, reply) => {
    const form = (request.body ?? {}) as Params;
    const checked = check(form);
    if ('error' in checked) return sendPage(reply, 400, errorPage(checked.error));
    const redirect = (values: Record<string, string>) => {
      const url = new URL(checked.redirectUri);
      for (const [name, value] of Object.entries(values)) url.searchParams.set(name, value);
      return reply.redirect(url.toString());
    };
    if (form.decision === 'cancel') {
      return redirect({
        error: 'access_denied',
        error_code: '200',
        error_reason: 'user_denied',
        error_description: 'Permissions error',
        state: checked.state,
      });
    }
    const name = (form.person ?? '').trim();
    if (!/^[\p{L}\p{N} ._-]{1,40}$/u.test(name)) {
      return sendPage(
        reply,
        400,
        loginStep(dialogPath, form, [], 'Type a name of 1 to 40 letters, digits, spaces, dots or dashes.'),
      );
    }
    const person = state.ensurePerson(name);
    if (form.decision !== 'authorize') {
      return sendPage(
        reply,
        200,
        consentStep(dialogPath, form, person.name, state.pagesOf(person.id), state, checked.scopes),
      );
    }
    const owned = new Set(state.pagesOf(person.id).map((owned) => owned.id));
    const chosen = String(form.pages ?? '')
      .split(',')
      .filter((id) => owned.has(id));
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      appId: checked.client.appId,
      redirectUri: checked.redirectUri,
      personId: person.id,
      scopes: checked.scopes,
      pageIds: chosen,
      expiresAt: now() + CODE_LIFETIME_MS,
    });
    return redirect({ code, state: checked.state });
  });

  app.get(`/${version}/oauth/access_token`, async (request, reply) => {
    const params = request.query as Params;
    const client = options.apps.find((candidate) => candidate.appId === params.client_id);
    if (!client || params.client_secret !== client.appSecret) {
      return sendGraphError(reply, {
        status: 400,
        type: 'OAuthException',
        code: 1,
        message: 'Error validating client secret.',
      });
    }
    if (params.grant_type === 'fb_exchange_token') {
      const current = state.tokens.get(params.fb_exchange_token ?? '');
      if (!current || current.kind === 'page' || current.appId !== client.appId)
        return sendGraphError(reply, graphErrors.tokenUnreadable());
      if (current.invalidated) return sendGraphError(reply, graphErrors.tokenInvalidated(current.invalidated));
      if (current.expiresAt !== undefined && current.expiresAt <= now())
        return sendGraphError(reply, graphErrors.tokenExpired(current.expiresAt));
      const issued = state.issueToken({
        ...current,
        kind: 'user_long',
        expiresAt: now() + options.longLivedTokenSeconds * 1000,
      });
      return reply.send({
        access_token: issued.token,
        token_type: 'bearer',
        expires_in: options.longLivedTokenSeconds,
      });
    }
    const pending = codes.get(params.code ?? '');
    codes.delete(params.code ?? '');
    if (!pending || pending.expiresAt <= now() || pending.appId !== client.appId) {
      return sendGraphError(reply, {
        status: 400,
        type: 'OAuthException',
        code: 100,
        subcode: 36009,
        message: 'This authorization code has been used or has expired.',
      });
    }
    if (pending.redirectUri !== params.redirect_uri) {
      return sendGraphError(reply, {
        status: 400,
        type: 'OAuthException',
        code: 100,
        subcode: 36008,
        message:
          'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      });
    }
    const issued = state.issueToken({
      kind: 'user_short',
      appId: client.appId,
      personId: pending.personId,
      scopes: pending.scopes,
      pageIds: pending.pageIds,
      expiresAt: now() + options.shortLivedTokenSeconds * 1000,
    });
    return reply.send({ access_token: issued.token, token_type: 'bearer', expires_in: options.shortLivedTokenSeconds });
  });
}

const DIALOG_FIELDS = ['client_id', 'redirect_uri', 'state', 'scope', 'response_type'];

function carried(params: Params): Record<string, string> {
  return Object.fromEntries(
    DIALOG_FIELDS.map((name) => [name, params[name] ?? '']).filter(([, value]) => value !== ''),
  );
}

function loginStep(action: string, params: Params, known: string[], error?: string): string {
  const options = known.map((name) => `<option value="${escapeHtml(name)}">`).join('');
  return page(
    'Log in',
    `<h1>Log in to continue to the app</h1>
  ${error ? `<p class="error" role="alert" data-testid="error">${escapeHtml(error)}</p>` : ''}
  <form method="post" action="${escapeHtml(action)}" data-testid="login-form">
    ${hiddenFields(carried(params))}
    <label for="person">Sandbox person</label>
    <input type="text" id="person" name="person" data-testid="person" value="${escapeHtml(known[0] ?? '')}" list="known-people" autocomplete="off" placeholder="for example Crier Demo">
    <datalist id="known-people">${options}</datalist>
    <p class="meta">A new name creates a person with two Pages, one of them linked to an Instagram professional account.</p>
    <div class="actions">
      <button type="submit" class="primary" data-testid="continue" name="decision" value="continue">Continue</button>
      <button type="submit" class="secondary" data-testid="cancel" name="decision" value="cancel">Cancel</button>
    </div>
  </form>`,
  );
}

function consentStep(
  action: string,
  params: Params,
  person: string,
  pages: SandboxPage[],
  state: GraphState,
  scopes: string[],
): string {
  const rows = pages
    .map((owned) => {
      const instagram = owned.instagramId ? state.instagram.get(owned.instagramId) : undefined;
      const linked = instagram ? ` — Instagram <strong>@${escapeHtml(instagram.username)}</strong>` : '';
      return `<label><input type="checkbox" class="page" value="${escapeHtml(owned.id)}" checked data-testid="page-${escapeHtml(owned.id)}"> ${escapeHtml(owned.name)}${linked}</label>`;
    })
    .join('\n    ');
  return page(
    'Choose Pages',
    `<h1>${escapeHtml(person)}, choose what the app may use</h1>
  <p>Pages and the Instagram accounts linked to them:</p>
  <form method="post" action="${escapeHtml(action)}" data-testid="consent-form"
        onsubmit="this.pages.value=[...document.querySelectorAll('input.page:checked')].map(function(box){return box.value}).join(',')">
    ${hiddenFields({ ...carried(params), person, pages: pages.map((owned) => owned.id).join(',') })}
    ${rows}
    <p class="meta">Permissions asked: ${scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(', ')}</p>
    <div class="actions">
      <button type="submit" class="primary" data-testid="authorize" name="decision" value="authorize">Continue as ${escapeHtml(person)}</button>
      <button type="submit" class="secondary" data-testid="cancel" name="decision" value="cancel">Cancel</button>
    </div>
  </form>`,
  );
}

function errorPage(message: string): string {
  return page(
    'Error',
    `<h1>Something went wrong</h1>\n  <p class="error" data-testid="error">${escapeHtml(message)}</p>`,
  );
}
