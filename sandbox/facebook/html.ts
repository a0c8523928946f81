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
  body { font-family: system-ui, sans-serif; background: #f0f2f5; color: #1c1e21; margin: 0; }
  .banner { background: #ffd400; text-align: center; padding: 6px; font-weight: 600; }
  main { max-width: 560px; margin: 32px auto; background: #fff; border-radius: 8px; padding: 24px 32px;
         box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  h1 { font-size: 22px; }
  label { display: block; margin: 8px 0; }
  input[type=text] { width: 100%; box-sizing: border-box; padding: 10px; font-size: 16px; border: 1px solid #ccd0d5; border-radius: 6px; }
  .actions { display: flex; gap: 12px; margin-top: 24px; }
  button { font-size: 15px; font-weight: 600; border-radius: 6px; padding: 10px 22px; cursor: pointer; }
  .primary { background: #1877f2; color: #fff; border: none; }
  .secondary { background: #e4e6eb; color: #1c1e21; border: none; }
  .error { color: #b00020; }
  .meta { color: #65676b; font-size: 14px; }
  .post { white-space: pre-wrap; font-size: 18px; }
`;

/** Every page wears the same banner, so nobody takes the sandbox for facebook.com or instagram.com. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Facebook sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" data-testid="sandbox-banner">Facebook and Instagram sandbox — local emulator. Nothing here reaches Meta.</div>
<main>
${body}
</main>
</body>
</html>`;
}

export function hiddenFields(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n    ');
}
