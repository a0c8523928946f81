import { describe, expect, it } from 'vitest';
import { FACEBOOK_RULES } from '../facebook/facebook.connector.js';
import { INSTAGRAM_RULES } from '../instagram/instagram.connector.js';
import { checkMetaVariant } from './variant-rules.js';

const image = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  mimeType: 'image/jpeg',
  size: 100_000,
  altText: '',
  width: 1080,
  height: 1080,
  ...extra,
});
const video = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'video' as const,
  mimeType: 'video/mp4',
  size: 5_000_000,
  altText: '',
  durationMs: 15_000,
  ...extra,
});
const codes = (check: { problems: Array<{ code: string }> }) => check.problems.map((problem) => problem.code);

describe('checkMetaVariant', () => {
  it('accepts a Facebook reel without text and a photo album', () => {
    expect(checkMetaVariant({ text: '', media: [video('v')] }, FACEBOOK_RULES).problems).toEqual([]);
    expect(checkMetaVariant({ text: 'Album', media: [image('a'), image('b')] }, FACEBOOK_RULES).problems).toEqual([]);
  });

  it('reports every Facebook problem at once, each on its item', () => {
    const check = checkMetaVariant(
      { text: 'Mixed', media: [image('a'), video('v', { durationMs: 120_000, mimeType: 'video/webm' }), video('w')] },
      FACEBOOK_RULES,
    );
    expect(codes(check)).toEqual(['too_many_videos', 'media_mixed', 'video_type_unsupported', 'video_too_long']);
    expect(check.problems.find((problem) => problem.code === 'video_too_long')?.field).toBe('media[1]');
  });

  it('holds Instagram to its caption, hashtag, mention, item and aspect rules', () => {
    const mentions = Array.from({ length: 21 }, (_, index) => `@fan${index}`).join(' ');
    const check = checkMetaVariant(
      {
        text: `${'#tag '.repeat(31)}${mentions}`,
        media: Array.from({ length: 11 }, (_, index) =>
          image(String(index), index === 3 ? { width: 1000, height: 2000 } : {}),
        ),
      },
      INSTAGRAM_RULES,
    );
    expect(codes(check)).toEqual(['too_many_media', 'image_aspect_ratio', 'too_many_hashtags', 'too_many_mentions']);
    expect(check.problems.find((problem) => problem.code === 'image_aspect_ratio')?.field).toBe('media[3]');
  });

  it('lets an Instagram carousel mix photos and videos, and takes exactly 4:5 and 1.91:1', () => {
    const media = [image('a', { width: 1080, height: 1350 }), image('b', { width: 1910, height: 1000 }), video('v')];
    expect(checkMetaVariant({ text: 'Mix', media }, INSTAGRAM_RULES).problems).toEqual([]);
  });

  it('refuses an Instagram post without media and a reel shorter than 3 seconds', () => {
    expect(codes(checkMetaVariant({ text: 'Words only', media: [] }, INSTAGRAM_RULES))).toEqual(['media_missing']);
    expect(
      codes(checkMetaVariant({ text: 'Blink', media: [video('v', { durationMs: 1_000 })] }, INSTAGRAM_RULES)),
    ).toEqual(['video_too_short']);
  });
});
