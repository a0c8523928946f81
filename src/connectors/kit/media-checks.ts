import {
  checkVariant,
  type MediaFacts,
  type Problem,
  type VariantCheck,
  type VariantContent,
} from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';

/** A network's rules for video, beside the image rules `NetworkLimits.media` holds. */
export interface VideoLimits {
  maxVideos: number;
  maxBytes: number;
  mimeTypes: readonly string[];
  /** Checked only when the media library knows the duration. */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** True when a video may not share a post with other media. */
  alone: boolean;
}

export function isVideo(media: MediaFacts): boolean {
  return (media.kind ?? (media.mimeType.startsWith('video/') ? 'video' : 'image')) === 'video';
}

/**
 * `checkVariant` for networks that also take video: images go through the shared image rules, each
 * video through `video`, and the problems keep their place (`media[i]`) in the variant.
 */
export function checkVariantWithVideo(
  content: VariantContent,
  limits: NetworkLimits,
  video: VideoLimits | undefined,
  networkName: string,
): VariantCheck {
  const imageIndexes: number[] = [];
  const videos: Array<{ item: MediaFacts; index: number }> = [];
  content.media.forEach((item, index) => {
    if (isVideo(item)) videos.push({ item, index });
    else imageIndexes.push(index);
  });
  const images = imageIndexes.map((index) => content.media[index]).filter((item) => item !== undefined);
  // Checked with a stand-in for the videos so "text optional beside media" still sees them.
  const standIns =
    videos.length > 0 && images.length === 0
      ? [{ id: 'video', mimeType: limits.media.imageMimeTypes[0] ?? 'image/jpeg', size: 0, altText: '' }]
      : [];
  const base = checkVariant({ ...content, media: [...images, ...standIns] }, limits, networkName);
  const problems: Problem[] = base.problems
    .filter((problem) => !(standIns.length > 0 && problem.field === `media[${images.length}]`))
    .map((problem) => {
      const index = /^media\[(\d+)\]$/.exec(problem.field)?.[1];
      return index === undefined ? problem : { ...problem, field: `media[${imageIndexes[Number(index)]}]` };
    });

  if (videos.length > 0 && !video) {
    for (const { index } of videos) {
      problems.push({
        code: 'video_unsupported',
        field: `media[${index}]`,
        message: `${networkName} posts through Crier take no video`,
      });
    }
    return { measure: base.measure, problems };
  }
  if (!video) return { measure: base.measure, problems };
  if (videos.length > video.maxVideos) {
    problems.push({
      code: 'too_many_videos',
      field: 'media',
      limit: video.maxVideos,
      actual: videos.length,
      message: `${networkName} takes at most ${video.maxVideos} video${video.maxVideos === 1 ? '' : 's'} per post; this one has ${videos.length}`,
    });
  }
  if (video.alone && videos.length > 0 && content.media.length > videos.length) {
    problems.push({
      code: 'video_with_other_media',
      field: 'media',
      message: `${networkName} does not put a video and images in the same post`,
    });
  }
  for (const { item, index } of videos) problems.push(...checkVideo(item, index, video, networkName));
  return { measure: base.measure, problems };
}

function checkVideo(item: MediaFacts, index: number, video: VideoLimits, networkName: string): Problem[] {
  const field = `media[${index}]`;
  const position = index + 1;
  const problems: Problem[] = [];
  if (!video.mimeTypes.includes(item.mimeType)) {
    problems.push({
      code: 'video_type_unsupported',
      field,
      message: `${networkName} does not take ${item.mimeType} video (it takes ${video.mimeTypes.join(', ')})`,
    });
  }
  if (item.size > video.maxBytes) {
    problems.push({
      code: 'video_too_large',
      field,
      limit: video.maxBytes,
      actual: item.size,
      message: `${networkName} takes videos up to ${megabytes(video.maxBytes)}; video ${position} is ${megabytes(item.size)}`,
    });
  }
  const duration = item.durationMs;
  if (duration !== undefined && video.minDurationMs !== undefined && duration < video.minDurationMs) {
    problems.push({
      code: 'video_too_short',
      field,
      limit: video.minDurationMs,
      actual: duration,
      message: `${networkName} takes videos of at least ${seconds(video.minDurationMs)}; video ${position} lasts ${seconds(duration)}`,
    });
  }
  if (duration !== undefined && video.maxDurationMs !== undefined && duration > video.maxDurationMs) {
    problems.push({
      code: 'video_too_long',
      field,
      limit: video.maxDurationMs,
      actual: duration,
      message: `${networkName} takes videos up to ${seconds(video.maxDurationMs)}; video ${position} lasts ${seconds(duration)}`,
    });
  }
  return problems;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes % 1_000_000 === 0 ? 0 : 1)} MB`;
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 6000) / 10} min` : `${Math.round(ms / 100) / 10} s`;
}
