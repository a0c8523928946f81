import { type AppBskyRichtextFacet, RichText } from '@atproto/api';
import * as linkify from 'linkifyjs';

/**
 * Rich-text facets for a post. Bluesky shows nothing as a link, mention or tag unless the record says
 * so, with UTF-8 byte offsets into the text.
 *
 * Mentions and hashtags follow the rules of Bluesky's own app (RichText from @atproto/api): the same
 * text gets the same tags and mentions as if typed there. Links come from linkifyjs, because the
 * official detector needs a space before a URL, and Japanese is written without one ("詳細は
 * https://…" is common, "詳細はhttps://…" too).
 */

export type Facet = AppBskyRichtextFacet.Main;

/** Looks up a handle's DID; undefined when the handle does not resolve. */
export type HandleResolver = (handle: string) => Promise<string | undefined>;

interface Span {
  start: number;
  end: number;
}

/** Stops a URL at CJK punctuation or a full-width space: "https://example.com/a。以上" links only the URL. */
const CJK_URL_TERMINATOR = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/u;

export async function buildFacets(text: string, resolveHandle: HandleResolver): Promise<Facet[]> {
  const byteOffsets = utf8OffsetsOf(text);
  const official = new RichText({ text });
  official.detectFacetsWithoutResolution();

  const mentionAndTagFacets: Facet[] = [];
  const claimedSpans: Span[] = [];
  const mentionLookups: Promise<void>[] = [];
  for (const facet of official.facets ?? []) {
    const feature = facet.features[0];
    if (!feature) continue;
    if (isMention(feature)) {
      // RichText puts the handle where the DID belongs until it is resolved.
      const handle = feature.did;
      claimedSpans.push(byteSpanToUtf16(facet.index, byteOffsets));
      mentionLookups.push(
        resolveHandle(handle).then((did) => {
          // An unknown handle stays plain text: a post with a typo still goes out.
          if (did) mentionAndTagFacets.push(facetOf(facet.index, { $type: 'app.bsky.richtext.facet#mention', did }));
        }),
      );
    } else if (isTag(feature)) {
      claimedSpans.push(byteSpanToUtf16(facet.index, byteOffsets));
      mentionAndTagFacets.push(facetOf(facet.index, { $type: 'app.bsky.richtext.facet#tag', tag: feature.tag }));
    }
  }
  await Promise.all(mentionLookups);

  const linkFacets = findLinks(text)
    .filter((link) => !claimedSpans.some((span) => overlaps(span, link)))
    .map((link) =>
      facetOf(
        { byteStart: byteOffsets[link.start] ?? 0, byteEnd: byteOffsets[link.end] ?? 0 },
        { $type: 'app.bsky.richtext.facet#link', uri: link.uri },
      ),
    );

  return [...mentionAndTagFacets, ...linkFacets].sort((a, b) => a.index.byteStart - b.index.byteStart);
}

/** The links in a text, as UTF-16 spans with the URI to link to. Emails are not links on Bluesky. */
export function findLinks(text: string): Array<Span & { uri: string }> {
  const links: Array<Span & { uri: string }> = [];
  for (const match of linkify.find(text)) {
    if (match.type !== 'url') continue;
    let value = match.value;
    const cut = value.search(CJK_URL_TERMINATOR);
    if (cut === 0) continue;
    if (cut > 0) value = value.slice(0, cut);
    // A bare domain ("example.com/x") links to https, as on Bluesky, not linkify's http.
    const uri = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
    if (match.start > 0 && text.charAt(match.start - 1) === '@') continue; // "@name.example" is a mention
    links.push({ start: match.start, end: match.start + value.length, uri });
  }
  return links;
}

/** The first link in a text, for a link card. */
export function firstLink(facets: readonly Facet[]): string | undefined {
  for (const facet of facets) {
    for (const feature of facet.features) {
      const uri = (feature as { uri?: unknown }).uri;
      if (feature.$type === 'app.bsky.richtext.facet#link' && typeof uri === 'string') return uri;
    }
  }
  return undefined;
}

/** `offsets[i]` is the UTF-8 byte offset of UTF-16 index `i` (for i in 0..text.length). */
function utf8OffsetsOf(text: string): number[] {
  const offsets = new Array<number>(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    offsets[i] = bytes;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      // A surrogate pair is one code point of four bytes; its second half gets the same offset.
      offsets[i + 1] = bytes;
      bytes += 4;
      i += 1;
    } else bytes += 3; // the rest of the BMP, and a lone surrogate (encoded as U+FFFD)
  }
  offsets[text.length] = bytes;
  return offsets;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function byteSpanToUtf16(index: { byteStart: number; byteEnd: number }, byteOffsets: number[]): Span {
  return { start: byteOffsets.indexOf(index.byteStart), end: byteOffsets.indexOf(index.byteEnd) };
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function facetOf(index: { byteStart: number; byteEnd: number }, feature: Facet['features'][number]): Facet {
  return {
    $type: 'app.bsky.richtext.facet',
    index: { byteStart: index.byteStart, byteEnd: index.byteEnd },
    features: [feature],
  };
}

function isMention(feature: Facet['features'][number]): feature is { $type: string; did: string } {
  return feature.$type === 'app.bsky.richtext.facet#mention' && typeof (feature as { did?: unknown }).did === 'string';
}

function isTag(feature: Facet['features'][number]): feature is { $type: string; tag: string } {
  return feature.$type === 'app.bsky.richtext.facet#tag' && typeof (feature as { tag?: unknown }).tag === 'string';
}
