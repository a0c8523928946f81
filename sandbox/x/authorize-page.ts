import type { AuthorizationRequest } from './authorize-request.js';
import { escapeHtml, page } from './html.js';

export interface AuthorizePageInput {
  request: AuthorizationRequest;
  /** Descriptions of every scope, from the OpenAPI document's OAuth 2.0 security scheme. */
  scopeDescriptions: Record<string, string>;
  knownUsernames: string[];
  username?: string;
  error?: string;
}

/**
 * The consent screen: the person picks or types a sandbox username and authorizes the app. The
 * request travels in hidden fields and is checked again on submit, like every other input.
 */
export function renderAuthorizePage(input: AuthorizePageInput): string {
  const { request } = input;
  const appName = request.client.name ?? request.client.clientId;
  const hidden = {
    response_type: 'code',
    client_id: request.client.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(' '),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallengeMethod,
  };
  const hiddenFields = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n    ');
  const scopeItems = request.scopes
    .map(
      (scope) =>
        `<li><code>${escapeHtml(scope)}</code> — ${escapeHtml(input.scopeDescriptions[scope] ?? 'No description.')}</li>`,
    )
    .join('\n      ');
  const options = input.knownUsernames.map((name) => `<option value="${escapeHtml(name)}">`).join('');
  const error = input.error ? `<p class="error" role="alert" data-testid="error">${escapeHtml(input.error)}</p>` : '';
  const username = input.username ?? input.knownUsernames[0] ?? '';

  return page(
    'Authorize app',
    `<h1>${escapeHtml(appName)} wants to access your X sandbox account</h1>
  <p>It asks for these permissions:</p>
  <ul class="scopes" data-testid="scopes">
      ${scopeItems}
  </ul>
  ${error}
  <form method="post" action="/i/oauth2/authorize" data-testid="authorize-form">
    ${hiddenFields}
    <label for="username">Sandbox username</label>
    <input type="text" id="username" name="username" data-testid="username" value="${escapeHtml(username)}"
           list="known-usernames" autocomplete="off" placeholder="for example crier_demo">
    <datalist id="known-usernames">${options}</datalist>
    <p class="meta">Pick an existing sandbox account or type a new name (letters, digits, _; up to 15) to create one.</p>
    <div class="actions">
      <button type="submit" id="authorize" data-testid="authorize" name="decision" value="authorize">Authorize app</button>
      <button type="submit" id="cancel" data-testid="cancel" name="decision" value="cancel">Cancel</button>
    </div>
  </form>`,
  );
}

export function renderErrorPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
  <p class="error" data-testid="error">${escapeHtml(message)}</p>`,
  );
}
