import twitterText from 'twitter-text';

/** How a network measures the length of a text. Data, so generic code never branches on a network's name. */
export type TextCounting =
  /** X: weighted code points (CJK and emoji weigh 2), every URL weighs `urlLength`, NFC first. */
  | { kind: 'weighted'; urlLength: number }
  /**
   * Bluesky and most others: user-perceived characters (grapheme clusters), with an optional byte cap.
   * Mastodon also counts every URL as `urlLength` and a mention as its local part (`@user`, not
   * `@user@domain`): `mentionsWithoutDomain`.
   */
  | { kind: 'graphemes'; maxBytes?: number; urlLength?: number; mentionsWithoutDomain?: boolean };

export interface MediaLimits {
  maxImages: number;
  maxImageBytes: number;
  imageMimeTypes: readonly string[];
  /** True when the network refuses, or Crier insists on, alt text for every image. */
  altTextRequired: boolean;
  maxAltTextLength: number;
}

export interface NetworkLimits {
  maxTextLength: number;
  textCounting: TextCounting;
  /** True when a post may carry media and no text at all. */
  textOptionalWithMedia: boolean;
  media: MediaLimits;
}

export interface TextMeasure {
  /** Length as the network counts it. */
  length: number;
  limit: number;
  /** Bytes of UTF-8, reported where the network caps bytes too. */
  bytes?: number;
  maxBytes?: number;
}

/** A URL as Mastodon's counter sees one: scheme and everything up to whitespace. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;
/** `@user@example.social`, whose domain part does not count. */
const MENTION_WITH_DOMAIN = /(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Code points that can join a neighbour into one grapheme: combining marks, joiners, variation
 * selectors, emoji modifiers and tags, regional indicators, Hangul jamo, CR (of CRLF). Text without
 * any of them has one grapheme per code point, which is far cheaper to count than segmenting.
 */
const MAY_JOIN =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each joiner is looked for on its own, on purpose
  /[\p{M}\r\u200C\u200D\uFE00-\uFE0F\uFF9E\uFF9F\u0E33\u0EB3\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E\u{110BD}\u{110CD}\u{111C2}\u{111C3}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}]/u;

export function countGraphemes(text: string): number {
  if (!MAY_JOIN.test(text)) {
    let codePoints = 0;
    for (const _ of text) codePoints += 1;
    return codePoints;
  }
  let count = 0;
  for (const _ of graphemeSegmenter.segment(text)) count += 1;
  return count;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function measureText(text: string, limits: NetworkLimits): TextMeasure {
  const counting = limits.textCounting;
  switch (counting.kind) {
    case 'weighted': {
      const parsed = twitterText.parseTweet(text, {
        ...twitterText.configs.defaults,
        maxWeightedTweetLength: limits.maxTextLength,
        transformedURLLength: counting.urlLength,
      });
      return { length: parsed.weightedLength, limit: limits.maxTextLength };
    }
    case 'graphemes': {
      let countable = text;
      if (counting.urlLength !== undefined) countable = countable.replace(URL_IN_TEXT, 'x'.repeat(counting.urlLength));
      if (counting.mentionsWithoutDomain) countable = countable.replace(MENTION_WITH_DOMAIN, '$1');
      const measure: TextMeasure = { length: countGraphemes(countable), limit: limits.maxTextLength };
      if (counting.maxBytes !== undefined) {
        measure.bytes = utf8Length(text);
        measure.maxBytes = counting.maxBytes;
      }
      return measure;
    }
    default: {
      const exhaustive: never = counting;
      throw new Error(`unhandled text counting ${JSON.stringify(exhaustive)}`);
    }
  }
}
