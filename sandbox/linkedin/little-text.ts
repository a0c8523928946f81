/** Characters LinkedIn's little text format reserves (linkedin.md, Publish): each must be escaped with `\`. */
export const RESERVED = new Set(['(', ')', '[', ']', '{', '}', '<', '>', '@', '|', '~', '_', '*', '#', '\\']);

const HASHTAG_TEMPLATE = /^\{hashtag\|\\#\|([^{}|\\]+)\}/;
const MENTION_TEMPLATE = /^@\[([^\]\\]+)\]\((urn:li:(?:person|organization):[A-Za-z0-9_-]+)\)/;

/**
 * Renders commentary the way members see it: escapes removed, hashtag and mention templates
 * expanded. An unescaped reserved character that starts no template ends the text there, which is
 * how LinkedIn loses the rest of a post whose author forgot to escape a parenthesis.
 */
export function renderLittleText(commentary: string): string {
  let rendered = '';
  let index = 0;
  while (index < commentary.length) {
    const rest = commentary.slice(index);
    const char = commentary[index] ?? '';
    if (char === '\\' && index + 1 < commentary.length) {
      rendered += commentary[index + 1];
      index += 2;
      continue;
    }
    const hashtag = HASHTAG_TEMPLATE.exec(rest);
    if (hashtag) {
      rendered += `#${hashtag[1]}`;
      index += hashtag[0].length;
      continue;
    }
    const mention = MENTION_TEMPLATE.exec(rest);
    if (mention) {
      rendered += `@${mention[1]}`;
      index += mention[0].length;
      continue;
    }
    if (RESERVED.has(char)) break;
    rendered += char;
    index += 1;
  }
  return rendered;
}
