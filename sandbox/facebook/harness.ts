import { createGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from './emulator.js';

export interface RunningGraphEmulator extends GraphEmulator {
  /** `http://127.0.0.1:<port>`: Graph base, rupload base and host of the login dialog. */
  baseUrl: string;
  /** `{baseUrl}/v25.0`, what a connector's Graph base URL is. */
  graphUrl: string;
  dialogUrl: string;
  close(): Promise<void>;
}

/** Starts the Graph emulator on a free port of 127.0.0.1, for tests over real HTTP. */
export async function startGraphEmulator(
  options: Omit<GraphEmulatorOptions, 'publicUrl'>,
): Promise<RunningGraphEmulator> {
  const emulator = createGraphEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  emulator.setPublicUrl(baseUrl);
  return {
    ...emulator,
    baseUrl,
    graphUrl: `${baseUrl}/${emulator.version}`,
    dialogUrl: `${baseUrl}/${emulator.version}/dialog/oauth`,
    close: () => emulator.app.close(),
  };
}

/**
 * Does what a person does in the browser: opens Facebook Login, types who they are, keeps the Pages
 * ticked (or only `pages`, by name) and continues. Returns the URL Meta sends the browser back to.
 */
export async function followFacebookLogin(
  dialogUrl: string,
  person: string,
  choice: { pages?: string[]; decision?: 'authorize' | 'cancel' } = {},
): Promise<URL> {
  const first = await fetch(dialogUrl);
  const loginHtml = await first.text();
  if (first.status !== 200) throw new Error(`the login dialog answered ${first.status}: ${loginHtml.slice(0, 300)}`);
  const consent = await submit(dialogUrl, loginHtml, { person, decision: 'continue' });
  const consentHtml = await consent.text();
  if (consent.status !== 200)
    throw new Error(`the login step answered ${consent.status}: ${consentHtml.slice(0, 300)}`);
  const boxes = [...consentHtml.matchAll(/<label><input type="checkbox" class="page" value="(\d+)"[^>]*> ([^<—]+)/g)];
  const chosen = boxes
    .filter((box) => !choice.pages || choice.pages.includes(unescapeHtml(box[2] ?? '').trim()))
    .map((box) => box[1]);
  const done = await submit(dialogUrl, consentHtml, {
    pages: chosen.join(','),
    decision: choice.decision ?? 'authorize',
  });
  const location = done.headers.get('location');
  if (done.status !== 302 || !location)
    throw new Error(`the consent form answered ${done.status}: ${(await done.text()).slice(0, 300)}`);
  return new URL(location);
}

async function submit(base: string, html: string, values: Record<string, string>): Promise<Response> {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the page has no form');
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.set(match[1] ?? '', unescapeHtml(match[2] ?? ''));
  for (const [name, value] of Object.entries(values)) form.set(name, value);
  return fetch(new URL(unescapeHtml(action), base), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
