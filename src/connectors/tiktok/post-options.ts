import type { Problem, VariantContent } from '../../core/content.js';
import { isVideo } from '../kit/media-checks.js';
import { NETWORK_NAME } from './errors.js';

export const PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

/** Caption of a video post, in UTF-16 code units (TikTok's "runes"). */
export const VIDEO_CAPTION_UNITS = 2200;
/** Photo posts (3P): a title of 90 characters and a description of 4,000. */
export const PHOTO_TITLE_CHARS = 90;
export const PHOTO_DESCRIPTION_CHARS = 4000;

/**
 * The variant's TikTok options (`PublishRequest.options`), all optional:
 * - `privacyLevel`: one of the creator's `privacy_level_options`. TikTok's guidelines let no app pick
 *   a default audience for people, so without one Crier posts `SELF_ONLY` (only the creator sees it;
 *   also all an unaudited app may do), never public;
 * - `disableComment`, `disableDuet`, `disableStitch`: turned on whatever the variant says when the
 *   creator has them off in the app;
 * - `videoCoverTimestampMs`, `brandContent`, `brandOrganic`, `isAigc`: TikTok's disclosure fields.
 */
export interface TikTokOptions {
  privacyLevel?: PrivacyLevel;
  disableComment?: boolean;
  disableDuet?: boolean;
  disableStitch?: boolean;
  videoCoverTimestampMs?: number;
  brandContent?: boolean;
  brandOrganic?: boolean;
  isAigc?: boolean;
}

const FLAGS = ['disableComment', 'disableDuet', 'disableStitch', 'brandContent', 'brandOrganic', 'isAigc'] as const;

/** TikTok-only rules beyond the shared text, image and video checks. */
export function tikTokProblems(content: VariantContent, photosPossible: boolean): Problem[] {
  const problems: Problem[] = [];
  const images = content.media.filter((item) => !isVideo(item));
  const hasVideo = content.media.some(isVideo);
  if (!hasVideo && images.length === 0) {
    problems.push({
      code: 'media_required',
      field: 'media',
      message: `${NETWORK_NAME} posts a video or photos: add one`,
    });
  }
  if (images.length > 0 && !photosPossible) {
    problems.push({
      code: 'photos_need_public_urls',
      field: 'media',
      message: `${NETWORK_NAME} takes photos only from public addresses on a domain verified with TikTok, which this Crier has not set up; post a video instead`,
    });
  }
  if (images.length > 0) {
    const title = content.title ?? '';
    if ([...title].length > PHOTO_TITLE_CHARS) {
      problems.push({
        code: 'title_too_long',
        field: 'title',
        limit: PHOTO_TITLE_CHARS,
        actual: [...title].length,
        message: `${NETWORK_NAME} photo titles have at most ${PHOTO_TITLE_CHARS} characters; this one has ${[...title].length}`,
      });
    }
  } else if (content.text.length > VIDEO_CAPTION_UNITS) {
    // Graphemes undercount emoji; TikTok counts UTF-16 units.
    problems.push({
      code: 'text_too_long',
      field: 'text',
      limit: VIDEO_CAPTION_UNITS,
      actual: content.text.length,
      message: `${NETWORK_NAME} captions have at most ${VIDEO_CAPTION_UNITS} UTF-16 characters (emoji count 2); this one has ${content.text.length}`,
    });
  }
  const options = content.options ?? {};
  if (options.privacyLevel !== undefined && !PRIVACY_LEVELS.includes(options.privacyLevel as PrivacyLevel)) {
    problems.push({
      code: 'privacy_invalid',
      field: 'options.privacyLevel',
      message: `${NETWORK_NAME} privacy is one of ${PRIVACY_LEVELS.join(', ')}, not ${String(options.privacyLevel)}`,
    });
  }
  for (const flag of FLAGS) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') {
      problems.push({
        code: `${flag}_invalid`,
        field: `options.${flag}`,
        message: `${NETWORK_NAME}'s ${flag} is true or false`,
      });
    }
  }
  return problems;
}

/** `post_info` for an init call, once the creator's own settings are known. */
export function postInfoOf(
  options: TikTokOptions,
  creator: { comment_disabled?: boolean; duet_disabled?: boolean; stitch_disabled?: boolean },
  privacyLevel: PrivacyLevel,
  text: { title: string; description?: string },
  kind: 'video' | 'photo',
): Record<string, unknown> {
  const info: Record<string, unknown> = {
    title: text.title,
    privacy_level: privacyLevel,
    // A creator who turned these off in the app has them off for every post.
    disable_comment: Boolean(options.disableComment || creator.comment_disabled),
  };
  if (text.description !== undefined) info.description = text.description;
  if (kind === 'video') {
    info.disable_duet = Boolean(options.disableDuet || creator.duet_disabled);
    info.disable_stitch = Boolean(options.disableStitch || creator.stitch_disabled);
    if (options.videoCoverTimestampMs !== undefined) info.video_cover_timestamp_ms = options.videoCoverTimestampMs;
  }
  if (options.brandContent !== undefined) info.brand_content_toggle = options.brandContent;
  if (options.brandOrganic !== undefined) info.brand_organic_toggle = options.brandOrganic;
  if (options.isAigc !== undefined) info.is_aigc = options.isAigc;
  return info;
}
