/** Characters LinkedIn's little text format reserves (linkedin.md, Publish). */
const RESERVED = /[()[\]{}<>@|~_*#\\]/g;
/** A hashtag as people write it: `#` at a word's start, then letters, digits or underscores. */
const HASHTAG = /(^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu;

/**
 * Writes text as LinkedIn `commentary`: every reserved character escaped with `\`, so LinkedIn shows
 * the text as written instead of cutting it at the first stray parenthesis, and hashtags as
 * LinkedIn's hashtag template, so they stay hashtags.
 */
export function toLittleText(text: string): string {
  let result = '';
  let last = 0;
  for (const match of text.matchAll(HASHTAG)) {
    const start = (match.index ?? 0) + (match[1]?.length ?? 0);
    result += escapeReserved(text.slice(last, start));
    result += `{hashtag|\\#|${escapeReserved(match[2] ?? '').replace(/\\_/g, '_')}}`;
    last = start + 1 + (match[2]?.length ?? 0);
  }
  return result + escapeReserved(text.slice(last));
}

function escapeReserved(text: string): string {
  return text.replace(RESERVED, (char) => `\\${char}`);
}
