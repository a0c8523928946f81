import type { Problem, VariantContent } from '../../core/content.js';
import { isVideo } from '../kit/media-checks.js';
import { NETWORK_NAME } from './errors.js';

/** YouTube's limits on a video's metadata (videos resource reference; youtube.md). */
export const YOUTUBE_METADATA_LIMITS = {
  titleChars: 100,
  descriptionBytes: 5000,
  tagsChars: 500,
};

export const PRIVACY_STATUSES = ['public', 'unlisted', 'private'] as const;
export type PrivacyStatus = (typeof PRIVACY_STATUSES)[number];

/**
 * The variant's YouTube options (`PublishRequest.options`), all optional:
 * - `privacy`: `public` (default), `unlisted` or `private`;
 * - `publishAt`: ISO time when YouTube itself makes the video public; the video stays private until then;
 * - `tags`: keywords; `categoryId`: YouTube's category (22, People & Blogs, by default);
 * - `madeForKids`: the audience declaration YouTube requires of some channels;
 * - `notifySubscribers`: false to upload quietly.
 */
export interface YouTubeOptions {
  privacy?: PrivacyStatus;
  publishAt?: string;
  tags?: string[];
  categoryId?: string;
  madeForKids?: boolean;
  notifySubscribers?: boolean;
}

/** The video resource sent with `videos.insert`, and the query flags beside it. */
export interface VideoInsert {
  resource: {
    snippet: { title: string; description: string; tags?: string[]; categoryId: string };
    status: { privacyStatus: PrivacyStatus; publishAt?: string; selfDeclaredMadeForKids?: boolean };
  };
  notifySubscribers: boolean;
}

/** The title YouTube will show: the variant's own, or the first line of its text. */
export function titleOf(content: Pick<VariantContent, 'title' | 'text'>): string {
  const own = content.title?.trim();
  if (own) return own;
  return (content.text.split('\n').find((line) => line.trim() !== '') ?? '').trim();
}

/**
 * YouTube-only rules: exactly one video (an image beside it becomes its thumbnail), a title of at most
 * 100 characters without angle brackets, tags within 500 characters, and sane options. `now` is for
 * `publishAt`, which must lie ahead.
 */
export function youTubeProblems(content: VariantContent, now: number): Problem[] {
  const problems: Problem[] = [];
  const videos = content.media.filter(isVideo);
  const images = content.media.filter((item) => !isVideo(item));
  if (videos.length === 0) {
    problems.push({
      code: 'video_required',
      field: 'media',
      message: `${NETWORK_NAME} publishes videos: add one video (an image beside it becomes its thumbnail)`,
    });
  }
  if (images.length > 1) {
    problems.push({
      code: 'too_many_thumbnails',
      field: 'media',
      limit: 1,
      actual: images.length,
      message: `${NETWORK_NAME} takes one image beside the video, as its thumbnail; this post has ${images.length}`,
    });
  }

  const title = titleOf(content);
  if (title === '') {
    problems.push({
      code: 'title_missing',
      field: 'title',
      message: `${NETWORK_NAME} needs a title: add one, or a first line of text`,
    });
  }
  const titleLength = [...title].length;
  if (titleLength > YOUTUBE_METADATA_LIMITS.titleChars) {
    problems.push({
      code: 'title_too_long',
      field: 'title',
      limit: YOUTUBE_METADATA_LIMITS.titleChars,
      actual: titleLength,
      message: `${NETWORK_NAME} titles have at most ${YOUTUBE_METADATA_LIMITS.titleChars} characters; this one has ${titleLength}${content.title ? '' : ' (it is the first line of the text: set a title)'}`,
    });
  }
  if (/[<>]/.test(title) || /[<>]/.test(content.text)) {
    problems.push({
      code: 'angle_brackets',
      field: /[<>]/.test(title) ? 'title' : 'text',
      message: `${NETWORK_NAME} refuses < and > in a video's title and description`,
    });
  }
  problems.push(...optionProblems(content.options ?? {}, now));
  return problems;
}

function optionProblems(options: Record<string, unknown>, now: number): Problem[] {
  const problems: Problem[] = [];
  const privacy = options.privacy;
  if (privacy !== undefined && !PRIVACY_STATUSES.includes(privacy as PrivacyStatus)) {
    problems.push({
      code: 'privacy_invalid',
      field: 'options.privacy',
      message: `${NETWORK_NAME} privacy is public, unlisted or private, not ${String(privacy)}`,
    });
  }
  if (options.publishAt !== undefined) {
    const at = typeof options.publishAt === 'string' ? Date.parse(options.publishAt) : Number.NaN;
    if (Number.isNaN(at) || at <= now) {
      problems.push({
        code: 'publish_at_invalid',
        field: 'options.publishAt',
        message: `${NETWORK_NAME}'s scheduled publish time must be a date and time in the future`,
      });
    }
    if (privacy !== undefined && privacy !== 'private') {
      problems.push({
        code: 'publish_at_needs_private',
        field: 'options.privacy',
        message: `A video YouTube publishes by itself at a set time stays private until then: leave privacy unset or private`,
      });
    }
  }
  const tags = options.tags;
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
      problems.push({
        code: 'tags_invalid',
        field: 'options.tags',
        message: `${NETWORK_NAME} tags are a list of words`,
      });
    } else if (tagsLength(tags) > YOUTUBE_METADATA_LIMITS.tagsChars) {
      problems.push({
        code: 'tags_too_long',
        field: 'options.tags',
        limit: YOUTUBE_METADATA_LIMITS.tagsChars,
        actual: tagsLength(tags),
        message: `${NETWORK_NAME} takes ${YOUTUBE_METADATA_LIMITS.tagsChars} characters of tags in all (commas count, a tag with a space counts two more); these have ${tagsLength(tags)}`,
      });
    }
  }
  for (const flag of ['madeForKids', 'notifySubscribers'] as const) {
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

/** Tags as YouTube counts them: commas between them count, a tag with a space counts as if quoted. */
export function tagsLength(tags: readonly string[]): number {
  const characters = tags.reduce((total, tag) => total + [...tag].length + (tag.includes(' ') ? 2 : 0), 0);
  return characters + Math.max(0, tags.length - 1);
}

/** The `videos.insert` metadata for a variant already checked by `youTubeProblems`. */
export function videoInsertOf(content: VariantContent): VideoInsert {
  const options = (content.options ?? {}) as YouTubeOptions;
  const scheduled = options.publishAt !== undefined;
  return {
    resource: {
      snippet: {
        title: titleOf(content),
        description: content.text,
        ...(options.tags && options.tags.length > 0 ? { tags: options.tags } : {}),
        categoryId: options.categoryId ?? '22',
      },
      status: {
        // YouTube makes a scheduled video public by itself at publishAt; until then it must be private.
        privacyStatus: scheduled ? 'private' : (options.privacy ?? 'public'),
        ...(scheduled ? { publishAt: new Date(options.publishAt ?? '').toISOString() } : {}),
        ...(options.madeForKids !== undefined ? { selfDeclaredMadeForKids: options.madeForKids } : {}),
      },
    },
    notifySubscribers: options.notifySubscribers ?? true,
  };
}
