import * as linkify from 'linkifyjs';

/** One URL as written in a text, with its UTF-16 offsets. */
export interface UrlInText {
  /** As written. */
  text: string;
  /** Absolute form (`www.example.com` → `http://www.example.com`). */
  url: string;
  start: number;
  end: number;
}

/** Stops a URL at CJK punctuation or a full-width space: "https://example.com/a。以上" is only the URL. */
const CJK_URL_TERMINATOR = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/u;
const EXPLICIT_URL = /^(https?:\/\/|www\.)/i;

/**
 * The URLs of a text that Crier turns into tracked links: those written with `http://`, `https://`
 * or `www.`. A bare `hello.world` is left alone: it is too often a word, a file name or a handle, and
 * rewriting it would change what the person wrote.
 */
export function findUrls(text: string, offset = 0): UrlInText[] {
  const found: UrlInText[] = [];
  for (const match of linkify.find(text, 'url')) {
    const cut = match.value.search(CJK_URL_TERMINATOR);
    const written = cut === -1 ? match.value : match.value.slice(0, cut);
    if (EXPLICIT_URL.test(written)) {
      const url = cut === -1 ? match.href : match.href.slice(0, match.href.length - (match.value.length - cut));
      found.push({ text: written, url, start: offset + match.start, end: offset + match.start + written.length });
    }
    // what follows the punctuation may hold URLs of its own: "…/a。www.example.com"
    if (cut !== -1) found.push(...findUrls(match.value.slice(cut), offset + match.start + cut));
  }
  return found;
}

/** The text with each URL replaced by what `replacement` returns for it (undefined keeps the URL). */
export function replaceUrls(text: string, replacement: (url: UrlInText) => string | undefined): string {
  let result = '';
  let position = 0;
  for (const url of findUrls(text)) {
    const next = replacement(url);
    if (next === undefined) continue;
    result += text.slice(position, url.start) + next;
    position = url.end;
  }
  return result + text.slice(position);
}
