import {
  checkVariant,
  type MediaFacts,
  type Problem,
  type VariantCheck,
  type VariantContent,
} from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';

/** What a network takes as video (Facebook reels, Instagram reels and carousel videos). */
export interface VideoRules {
  mimeTypes: readonly string[];
  maxBytes: number;
  minDurationMs: number;
  maxDurationMs: number;
}

/** Everything one Meta network checks in a variant before it may be scheduled. */
export interface MetaContentRules {
  networkName: string;
  limits: NetworkLimits;
  video: VideoRules;
  /** Items per post, images and videos together. */
  maxItems: number;
  /** Whether one post may carry images and a video together (an Instagram carousel may). */
  mixedMedia: boolean;
  maxVideos: number;
  /** Width / height of images, inclusive, when the network restricts it. */
  imageAspect?: { min: number; max: number; label: string };
  maxHashtags?: number;
  maxMentions?: number;
  /** Instagram posts need a photo or a video. */
  mediaRequired?: boolean;
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
const MENTION = /(?:^|[^p{L}p{N}_.])@[A-Za-z0-9_.]+/g;

/**
 * Text and image rules through `checkVariant` (images only, so videos are not judged as images),
 * then the rules only Meta's networks have: videos, item count, mixing, aspect ratio, hashtags and
 * mentions. Every problem is reported at once, each naming the item it is about.
 */
export function checkMetaVariant(content: VariantContent, rules: MetaContentRules): VariantCheck {
  const { networkName } = rules;
  const indexed = content.media.map((item, index) => ({ item, index }));
  const images = indexed.filter(({ item }) => kindOf(item) === 'image');
  const videos = indexed.filter(({ item }) => kindOf(item) === 'video');

  const base = checkVariant({ ...content, media: images.map(({ item }) => item) }, rules.limits, networkName);
  const problems: Problem[] = base.problems
    // A video alone carries a post on its own: text is optional beside it as beside images.
    .filter((problem) => !(problem.code === 'text_empty' && videos.length > 0 && rules.limits.textOptionalWithMedia))
    // checkVariant counted images only; the item count below covers images and videos together.
    .filter((problem) => problem.code !== 'too_many_images')
    .map((problem) =>
      remapField(
        problem,
        images.map(({ index }) => index),
      ),
    );

  const push = (problem: Problem) => problems.push(problem);
  if (rules.mediaRequired && content.media.length === 0) {
    push({ code: 'media_missing', field: 'media', message: `${networkName} posts need a photo or a video` });
  }
  if (content.media.length > rules.maxItems) {
    push({
      code: 'too_many_media',
      field: 'media',
      limit: rules.maxItems,
      actual: content.media.length,
      message: `${networkName} takes at most ${rules.maxItems} photos and videos per post; this one has ${content.media.length}`,
    });
  }
  if (videos.length > rules.maxVideos) {
    push({
      code: 'too_many_videos',
      field: 'media',
      limit: rules.maxVideos,
      actual: videos.length,
      message: `${networkName} takes ${rules.maxVideos === 1 ? 'one video' : `at most ${rules.maxVideos} videos`} per post; this one has ${videos.length}`,
    });
  }
  if (!rules.mixedMedia && videos.length > 0 && images.length > 0) {
    push({ code: 'media_mixed', field: 'media', message: `A ${networkName} post carries photos or a video, not both` });
  }
  for (const { item, index } of videos) problems.push(...videoProblems(item, index, rules));
  if (rules.imageAspect)
    for (const { item, index } of images) problems.push(...aspectProblems(item, index, rules.imageAspect, networkName));
  problems.push(...countProblems(content.text, rules));
  return { measure: base.measure, problems };
}

function kindOf(item: MediaFacts): 'image' | 'video' {
  return item.kind ?? (item.mimeType.startsWith('video/') ? 'video' : 'image');
}

/** checkVariant named images by their place among images; name them by their place in the post. */
function remapField(problem: Problem, originalIndexes: number[]): Problem {
  const found = /^media\[(\d+)\]$/.exec(problem.field);
  if (!found) return problem;
  return { ...problem, field: `media[${originalIndexes[Number(found[1])] ?? found[1]}]` };
}

function videoProblems(item: MediaFacts, index: number, rules: MetaContentRules): Problem[] {
  const { video, networkName } = rules;
  const field = `media[${index}]`;
  const position = index + 1;
  const problems: Problem[] = [];
  if (!video.mimeTypes.includes(item.mimeType)) {
    problems.push({
      code: 'video_type_unsupported',
      field,
      message: `${networkName} does not take ${item.mimeType} videos (it takes ${video.mimeTypes.join(', ')})`,
    });
  }
  if (item.size > video.maxBytes) {
    problems.push({
      code: 'video_too_large',
      field,
      limit: video.maxBytes,
      actual: item.size,
      message: `${networkName} takes videos up to ${Math.round(video.maxBytes / 1_000_000)} MB; item ${position} is ${Math.round(item.size / 1_000_000)} MB`,
    });
  }
  const duration = item.durationMs;
  if (duration !== undefined && (duration < video.minDurationMs || duration > video.maxDurationMs)) {
    problems.push({
      code: duration < video.minDurationMs ? 'video_too_short' : 'video_too_long',
      field,
      limit: duration < video.minDurationMs ? video.minDurationMs : video.maxDurationMs,
      actual: duration,
      message: `${networkName} takes videos of ${seconds(video.minDurationMs)} to ${seconds(video.maxDurationMs)}; item ${position} lasts ${seconds(duration)}`,
    });
  }
  return problems;
}

function aspectProblems(
  item: MediaFacts,
  index: number,
  aspect: NonNullable<MetaContentRules['imageAspect']>,
  networkName: string,
): Problem[] {
  if (!item.width || !item.height) return [];
  const ratio = item.width / item.height;
  // A hair of tolerance, so 1080×1350 (exactly 4:5) is never refused for rounding.
  if (ratio >= aspect.min - 0.001 && ratio <= aspect.max + 0.001) return [];
  return [
    {
      code: 'image_aspect_ratio',
      field: `media[${index}]`,
      message: `${networkName} takes photos from ${aspect.label}; item ${index + 1} is ${item.width}×${item.height} (${ratio.toFixed(2)}:1)`,
    },
  ];
}

function countProblems(text: string, rules: MetaContentRules): Problem[] {
  const problems: Problem[] = [];
  const hashtags = text.match(HASHTAG)?.length ?? 0;
  if (rules.maxHashtags !== undefined && hashtags > rules.maxHashtags) {
    problems.push({
      code: 'too_many_hashtags',
      field: 'text',
      limit: rules.maxHashtags,
      actual: hashtags,
      message: `${rules.networkName} allows ${rules.maxHashtags} hashtags; this text has ${hashtags}`,
    });
  }
  const mentions = text.match(MENTION)?.length ?? 0;
  if (rules.maxMentions !== undefined && mentions > rules.maxMentions) {
    problems.push({
      code: 'too_many_mentions',
      field: 'text',
      limit: rules.maxMentions,
      actual: mentions,
      message: `${rules.networkName} allows ${rules.maxMentions} @mentions; this text has ${mentions}`,
    });
  }
  return problems;
}

function seconds(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}
