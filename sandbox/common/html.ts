export { escapeHtml } from '../x/html.js';

import { escapeHtml } from '../x/html.js';

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f4f5; color: #18181b; margin: 0; }
  .banner { background: #ffd400; text-align: center; padding: 6px; font-weight: 600; }
  main { max-width: 560px; margin: 32px auto; background: #fff; border-radius: 16px; padding: 24px 32px;
         box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 22px; }
  label { display: block; font-weight: 600; margin: 16px 0 6px; }
  input[type=text] { width: 100%; box-sizing: border-box; padding: 10px; font-size: 16px; border: 1px solid #d4d4d8;
                     border-radius: 6px; }
  .actions { display: flex; gap: 12px; margin-top: 24px; }
  button { font-size: 15px; font-weight: 700; border-radius: 999px; padding: 10px 22px; cursor: pointer; }
  #authorize { background: #18181b; color: #fff; border: none; }
  #cancel { background: #fff; color: #18181b; border: 1px solid #d4d4d8; }
  .error { color: #b00020; }
  .post { white-space: pre-wrap; font-size: 18px; line-height: 1.4; }
  .media img, .media video { max-width: 100%; border-radius: 12px; margin-top: 12px; }
  .meta { color: #52525b; font-size: 14px; }
`;

/** A sandbox page; the banner names the network so nobody takes the sandbox for the real site. */
export function sandboxPage(network: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(network)} sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" data-testid="sandbox-banner">${escapeHtml(network)} sandbox — local emulator. Nothing here reaches the real ${escapeHtml(network)}.</div>
<main>
${body}
</main>
</body>
</html>`;
}

/** The consent form every OAuth emulator shows: hidden request fields, a sandbox username, two buttons. */
export function consentForm(input: {
  action: string;
  heading: string;
  scopes: string[];
  hidden: Record<string, string>;
  username: string;
  error?: string;
}): string {
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n    ');
  const scopes = input.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  const error = input.error ? `<p class="error" role="alert" data-testid="error">${escapeHtml(input.error)}</p>` : '';
  return `<h1>${escapeHtml(input.heading)}</h1>
  <p>It asks for these permissions:</p>
  <ul data-testid="scopes">${scopes}</ul>
  ${error}
  <form method="post" action="${escapeHtml(input.action)}" data-testid="authorize-form">
    ${hidden}
    <label for="username">Sandbox username</label>
    <input type="text" id="username" name="username" data-testid="username" value="${escapeHtml(input.username)}" autocomplete="off">
    <p class="meta">Type a sandbox account name (letters, digits, _); a new one is created on the spot.</p>
    <div class="actions">
      <button type="submit" id="authorize" data-testid="authorize" name="decision" value="authorize">Authorize app</button>
      <button type="submit" id="cancel" data-testid="cancel" name="decision" value="cancel">Cancel</button>
    </div>
  </form>`;
}
