import type { MediaCategory, SandboxMedia } from './state.js';

/** Upload sessions and unattached media expire after a day on X. */
export const MEDIA_EXPIRY_SECONDS = 24 * 60 * 60;

export const IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;
export const GIF_LIMIT_BYTES = 15 * 1024 * 1024;
export const VIDEO_LIMIT_BYTES = 512 * 1024 * 1024;

/** Recognizes the image formats X takes from their first bytes; the declared type is not trusted. */
export function sniffImageType(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF') {
    if (bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  }
  return undefined;
}

export function isImageCategory(category: MediaCategory): boolean {
  return category === 'tweet_image' || category === 'dm_image';
}

export function isGifCategory(category: MediaCategory): boolean {
  return category === 'tweet_gif' || category === 'dm_gif';
}

/** The size cap for a category, in bytes. */
export function sizeLimitFor(category: MediaCategory): number {
  if (isImageCategory(category)) return IMAGE_LIMIT_BYTES;
  if (isGifCategory(category)) return GIF_LIMIT_BYTES;
  return VIDEO_LIMIT_BYTES;
}

/** Images are ready at once; GIFs and videos go through (simulated) asynchronous processing. */
export function needsProcessing(category: MediaCategory): boolean {
  return !isImageCategory(category) && category !== 'subtitles';
}

/** Moves media whose simulated processing time has passed from pending to succeeded. */
export function settleProcessing(media: SandboxMedia, now: number): void {
  if (media.state === 'pending' && media.readyAt !== undefined && media.readyAt <= now) media.state = 'succeeded';
}

/** X's processing_info block for finalize and STATUS answers. */
export function processingInfo(media: SandboxMedia, now: number) {
  settleProcessing(media, now);
  switch (media.state) {
    case 'pending': {
      const remainingMs = Math.max(0, (media.readyAt ?? now) - now);
      return { state: 'pending', check_after_secs: Math.max(1, Math.ceil(remainingMs / 1000)), progress_percent: 0 };
    }
    case 'succeeded':
      return { state: 'succeeded', progress_percent: 100 };
    case 'failed':
      return { state: 'failed', progress_percent: 0 };
    case 'uploading':
      return { state: 'pending', check_after_secs: 1, progress_percent: 0 };
    default: {
      const exhaustive: never = media.state;
      throw new Error(`unhandled media state ${String(exhaustive)}`);
    }
  }
}

/** X calls photos 3_, videos 7_ and GIFs 16_ in media keys. */
export function mediaKeyFor(id: string, category: MediaCategory): string {
  if (isImageCategory(category)) return `3_${id}`;
  if (isGifCategory(category)) return `16_${id}`;
  return `7_${id}`;
}

/**
 * Why media cannot go into a post by this user, or undefined when it can. X answers every such case
 * with the same "Your media IDs are invalid." message.
 */
export function mediaUnusableReason(media: SandboxMedia | undefined, userId: string, now: number): string | undefined {
  if (!media) return 'unknown media id';
  if (media.ownerId !== userId) return 'media belongs to another user';
  if (media.expiresAt <= now) return 'media expired';
  settleProcessing(media, now);
  if (media.state !== 'succeeded') return `media is ${media.state}`;
  return undefined;
}
