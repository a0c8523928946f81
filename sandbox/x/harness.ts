import { createXEmulator, type XEmulator, type XEmulatorOptions } from './emulator.js';

export interface RunningXEmulator extends XEmulator {
  /** `http://127.0.0.1:<port>`: API base, web base, and host of the authorization page. */
  baseUrl: string;
  authorizeUrl: string;
  close(): Promise<void>;
}

/** Starts an emulator listening on a free port of 127.0.0.1, for tests over real HTTP. */
export async function startXEmulator(options: XEmulatorOptions): Promise<RunningXEmulator> {
  const emulator = createXEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...emulator,
    baseUrl,
    authorizeUrl: `${baseUrl}/i/oauth2/authorize`,
    close: () => emulator.app.close(),
  };
}

/**
 * Does what a person does in the browser: opens the authorization URL, reads the consent form, types
 * a username and clicks Authorize (or Cancel). Returns the URL X sends the browser back to.
 */
export async function followConsent(
  authorizeUrl: string,
  username: string,
  decision: 'authorize' | 'cancel' = 'authorize',
): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the authorization page answered ${page.status}: ${html.slice(0, 300)}`);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the authorization page has no form');
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1] ?? '', unescapeHtml(match[2] ?? ''));
  }
  form.set('username', username);
  form.set('decision', decision);
  const submitted = await fetch(new URL(unescapeHtml(action), authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || !location) {
    throw new Error(`the consent form answered ${submitted.status}: ${(await submitted.text()).slice(0, 300)}`);
  }
  return new URL(location);
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
