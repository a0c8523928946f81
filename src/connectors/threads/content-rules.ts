import type { Problem, VariantCheck, VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import { checkMetaVariant, type MetaContentRules } from '../meta/variant-rules.js';
import { NETWORK_NAME } from './credentials.js';

/** Threads' rules for a post (threads.md, Text/media limits). */
export const THREADS_LIMITS: NetworkLimits = {
  maxTextLength: 500,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 20,
    maxImageBytes: 8_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png'],
    altTextRequired: false,
    // threads.md names no limit for alt text; this is Crier's cap, as for X.
    maxAltTextLength: 1000,
  },
};

const RULES: MetaContentRules = {
  networkName: NETWORK_NAME,
  limits: THREADS_LIMITS,
  video: {
    mimeTypes: ['video/mp4', 'video/quicktime'],
    maxBytes: 1_000_000_000,
    minDurationMs: 0,
    maxDurationMs: 5 * 60_000,
  },
  // A carousel takes 2 to 20 items, images and videos mixed; one item is a single post.
  maxItems: 20,
  mixedMedia: true,
  maxVideos: 20,
  imageAspect: { min: 1 / 10, max: 10, label: '1:10 to 10:1' },
};

const MAX_VIDEO_WIDTH = 1920;
export const REPLY_CONTROLS = [
  'everyone',
  'accounts_you_follow',
  'mentioned_only',
  'parent_post_author_only',
  'followers_only',
] as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** Threads' count: characters, except that an emoji counts its UTF-8 bytes; links count in full. */
export function threadsTextLength(text: string): number {
  let length = 0;
  for (const { segment } of graphemes.segment(text))
    length += EMOJI.test(segment) ? Buffer.byteLength(segment, 'utf8') : 1;
  return length;
}

/**
 * Every problem a Threads variant has, at once: text by Threads' own count, images and videos,
 * the carousel's size, and the options Crier passes on (`replyControl`, `topicTag`).
 */
export function checkThreadsVariant(content: VariantContent, mediaHosting: boolean): VariantCheck {
  const base = checkMetaVariant(content, RULES);
  const length = threadsTextLength(content.text);
  const limit = THREADS_LIMITS.maxTextLength;
  const problems: Problem[] = base.problems.filter((problem) => problem.code !== 'text_too_long');
  if (length > limit) {
    problems.push({
      code: 'text_too_long',
      field: 'text',
      limit,
      actual: length,
      message: `${NETWORK_NAME} allows ${limit} characters, an emoji counting as its bytes (up to 4 or more); this text counts ${length} (${length - limit} over)`,
    });
  }
  content.media.forEach((item, index) => {
    const isVideo = (item.kind ?? (item.mimeType.startsWith('video/') ? 'video' : 'image')) === 'video';
    if (isVideo && item.width !== undefined && item.width > MAX_VIDEO_WIDTH) {
      problems.push({
        code: 'video_too_wide',
        field: `media[${index}]`,
        limit: MAX_VIDEO_WIDTH,
        actual: item.width,
        message: `${NETWORK_NAME} takes videos up to ${MAX_VIDEO_WIDTH} pixels wide; item ${index + 1} is ${item.width}`,
      });
    }
  });
  if (content.media.length > 0 && !mediaHosting) {
    problems.push({
      code: 'media_hosting_unavailable',
      field: 'media',
      message: `${NETWORK_NAME} fetches every photo and video from a public web address, and this Crier has no public address for its media yet; post text only, or publish the media elsewhere`,
    });
  }
  if (content.link && content.media.length > 0) {
    problems.push({
      code: 'link_with_media',
      field: 'link',
      message: `${NETWORK_NAME} attaches a link card to text posts only; put the link in the text of a post with photos or videos`,
    });
  }
  problems.push(...optionProblems(content.options));
  return { measure: { length, limit }, problems };
}

function optionProblems(options: Record<string, unknown> | undefined): Problem[] {
  const problems: Problem[] = [];
  const replyControl = options?.replyControl;
  if (replyControl !== undefined && !(REPLY_CONTROLS as readonly unknown[]).includes(replyControl)) {
    problems.push({
      code: 'reply_control_invalid',
      field: 'options.replyControl',
      message: `${NETWORK_NAME} lets replies come from ${REPLY_CONTROLS.join(', ')}; "${String(replyControl)}" is not one of them`,
    });
  }
  const topicTag = options?.topicTag;
  if (topicTag !== undefined && (typeof topicTag !== 'string' || topicTag.trim() === '')) {
    problems.push({
      code: 'topic_tag_invalid',
      field: 'options.topicTag',
      message: `A ${NETWORK_NAME} topic is a word or phrase`,
    });
  }
  return problems;
}
