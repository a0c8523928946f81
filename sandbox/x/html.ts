/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f5f8fa; color: #0f1419; margin: 0; }
  .banner { background: #ffd400; color: #0f1419; text-align: center; padding: 6px; font-weight: 600; }
  main { max-width: 560px; margin: 32px auto; background: #fff; border-radius: 16px; padding: 24px 32px;
         box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 22px; }
  label { display: block; font-weight: 600; margin: 16px 0 6px; }
  input[type=text] { width: 100%; box-sizing: border-box; padding: 10px; font-size: 16px; border: 1px solid #cfd9de;
                     border-radius: 6px; }
  .actions { display: flex; gap: 12px; margin-top: 24px; }
  button { font-size: 15px; font-weight: 700; border-radius: 999px; padding: 10px 22px; cursor: pointer; }
  #authorize { background: #0f1419; color: #fff; border: none; }
  #cancel { background: #fff; color: #0f1419; border: 1px solid #cfd9de; }
  .error { color: #b00020; }
  .post { white-space: pre-wrap; font-size: 18px; line-height: 1.4; }
  .media img { max-width: 100%; border-radius: 12px; margin-top: 12px; }
  .meta { color: #536471; font-size: 14px; }
  ul.scopes li { margin: 4px 0; }
`;

/** Every page the emulator serves wears the same banner, so nobody takes the sandbox for x.com. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · X sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" data-testid="sandbox-banner">X sandbox — local emulator. Nothing here reaches x.com.</div>
<main>
${body}
</main>
</body>
</html>`;
}
