import { type GoogleError, googleErrors } from './google-errors.js';
import type { VideoMetadata } from './state.js';

/** YouTube's own limits on a video's metadata (videos resource reference; see youtube.md). */
export const METADATA_LIMITS = {
  titleChars: 100,
  descriptionBytes: 5000,
  tagsChars: 500,
};

const PRIVACY = new Set(['public', 'unlisted', 'private']);

type Body = {
  snippet?: { title?: string; description?: string; tags?: string[]; categoryId?: string; defaultLanguage?: string };
  status?: Partial<VideoMetadata['status']>;
};

/**
 * Reads the video resource sent with `videos.insert` into what the emulator keeps, refusing what
 * YouTube refuses with its own reasons: a part in the body that `part` does not name
 * (`unexpectedPart`), an empty or too long title or one with angle brackets (`invalidTitle`), a
 * description over 5,000 bytes (`invalidDescription`), tags over 500 characters (`invalidTags`), and
 * a `publishAt` on a video that is not private or not in the future (`invalidPublishAt`).
 */
export function readVideoMetadata(
  raw: unknown,
  parts: readonly string[],
  now: number,
  fallbackTitle: string,
): VideoMetadata | GoogleError {
  const body = (raw ?? {}) as Body & Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (key === 'kind' || key === 'etag' || key === 'id') continue;
    if (!parts.includes(key)) {
      return googleErrors.videoMetadata(
        'unexpectedPart',
        `The request metadata specifies the '${key}' part, which the part parameter does not name.`,
      );
    }
  }
  const snippet = body.snippet ?? {};
  const title = snippet.title ?? fallbackTitle;
  if (title.trim() === '' || [...title].length > METADATA_LIMITS.titleChars || /[<>]/.test(title)) {
    return googleErrors.videoMetadata(
      'invalidTitle',
      'The request metadata specifies an invalid or empty video title.',
    );
  }
  const description = snippet.description ?? '';
  if (Buffer.byteLength(description, 'utf8') > METADATA_LIMITS.descriptionBytes || /[<>]/.test(description)) {
    return googleErrors.videoMetadata(
      'invalidDescription',
      'The request metadata specifies an invalid video description.',
    );
  }
  const tags = snippet.tags ?? [];
  if (tagsLength(tags) > METADATA_LIMITS.tagsChars) {
    return googleErrors.videoMetadata('invalidTags', 'The request metadata specifies invalid video keywords.');
  }
  const status: Partial<VideoMetadata['status']> = body.status ?? {};
  const privacyStatus = status.privacyStatus ?? 'public';
  if (!PRIVACY.has(privacyStatus)) {
    return googleErrors.videoMetadata('invalidVideoMetadata', 'The request metadata is invalid.');
  }
  if (status.publishAt !== undefined) {
    const at = Date.parse(status.publishAt);
    if (privacyStatus !== 'private' || Number.isNaN(at) || at <= now) {
      return googleErrors.videoMetadata(
        'invalidPublishAt',
        'The request metadata specifies an invalid scheduled publishing time: it must be in the future and the video private.',
      );
    }
  }
  return {
    snippet: {
      title,
      description,
      tags,
      categoryId: snippet.categoryId ?? '22',
      defaultLanguage: snippet.defaultLanguage,
    },
    status: {
      privacyStatus,
      publishAt: status.publishAt,
      selfDeclaredMadeForKids: status.selfDeclaredMadeForKids,
      embeddable: status.embeddable,
      license: status.license,
      containsSyntheticMedia: status.containsSyntheticMedia,
    },
  };
}

/**
 * Tags as YouTube counts them against 500: the commas between them count, and a tag with a space
 * counts as if quoted (two characters more).
 */
export function tagsLength(tags: readonly string[]): number {
  const characters = tags.reduce((total, tag) => total + [...tag].length + (tag.includes(' ') ? 2 : 0), 0);
  return characters + Math.max(0, tags.length - 1);
}
