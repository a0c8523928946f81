import type { Problem, VariantCheck, VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import { checkVariantWithVideo, isVideo, type VideoLimits } from '../kit/media-checks.js';
import { NETWORK_NAME } from './credentials.js';

/** LinkedIn's rules for a post (linkedin.md, Publish and Text/media limits). */
export const LINKEDIN_LIMITS: NetworkLimits = {
  maxTextLength: 3000,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 20,
    // linkedin.md limits images by pixels, not bytes; this is Crier's cap on an upload.
    maxImageBytes: 200_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png', 'image/gif'],
    altTextRequired: false,
    maxAltTextLength: 4086,
  },
};

export const LINKEDIN_VIDEO: VideoLimits = {
  maxVideos: 1,
  maxBytes: 500_000_000,
  mimeTypes: ['video/mp4'],
  minDurationMs: 3000,
  maxDurationMs: 30 * 60_000,
  alone: true,
};

const MAX_IMAGE_PIXELS = 36_152_320;
const MIN_VIDEO_BYTES = 75_000;
export const VISIBILITIES = ['PUBLIC', 'CONNECTIONS', 'LOGGED_IN'] as const;

/** Every problem a LinkedIn variant has, at once. */
export function checkLinkedInVariant(content: VariantContent): VariantCheck {
  const base = checkVariantWithVideo(content, LINKEDIN_LIMITS, LINKEDIN_VIDEO, NETWORK_NAME);
  const problems: Problem[] = [...base.problems];
  content.media.forEach((item, index) => {
    const field = `media[${index}]`;
    if (isVideo(item)) {
      if (item.size < MIN_VIDEO_BYTES) {
        problems.push({
          code: 'video_too_small',
          field,
          limit: MIN_VIDEO_BYTES,
          actual: item.size,
          message: `${NETWORK_NAME} takes videos of at least 75 KB; video ${index + 1} is ${item.size} bytes`,
        });
      }
    } else if (item.width && item.height && item.width * item.height > MAX_IMAGE_PIXELS) {
      problems.push({
        code: 'image_too_many_pixels',
        field,
        limit: MAX_IMAGE_PIXELS,
        actual: item.width * item.height,
        message: `${NETWORK_NAME} takes images of up to 36 million pixels; image ${index + 1} is ${item.width}×${item.height}`,
      });
    }
  });
  if (content.link && content.media.length > 0) {
    problems.push({
      code: 'link_with_media',
      field: 'link',
      message: `A ${NETWORK_NAME} post shows either a link card or photos and video; put the link in the text, or post it without media`,
    });
  }
  const visibility = content.options?.visibility;
  if (visibility !== undefined && !(VISIBILITIES as readonly unknown[]).includes(visibility)) {
    problems.push({
      code: 'visibility_invalid',
      field: 'options.visibility',
      message: `${NETWORK_NAME} posts are visible to ${VISIBILITIES.join(', ')}; "${String(visibility)}" is not one of them`,
    });
  }
  return { measure: base.measure, problems };
}
