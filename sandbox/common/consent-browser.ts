/**
 * Test helper: does what a person does on an emulator's consent page in a browser. It opens the
 * authorization URL, reads the form (hidden fields carry the request), types a sandbox username and
 * clicks a decision button, then returns where the emulator sends the browser back to. Works for
 * every emulator whose page has one `<form method="post">` with `username` and `decision` fields.
 */
export async function submitConsentPage(
  authorizeUrl: string,
  fields: Record<string, string>,
  decision: string,
): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${html.slice(0, 300)}`);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the consent page has no form');
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1] ?? '', unescapeHtml(match[2] ?? ''));
  }
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
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
