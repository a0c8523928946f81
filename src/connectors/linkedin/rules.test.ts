import { describe, expect, it } from 'vitest';
import { renderLittleText } from '../../../sandbox/linkedin/little-text.js';
import type { MediaFacts } from '../../core/content.js';
import { checkLinkedInVariant } from './content-rules.js';
import { toLittleText } from './little-text.js';

describe('little text', () => {
  it('round-trips any text through LinkedIn’s rendering', () => {
    for (const text of [
      '(a) [b] {c} <d> @e |f ~g _h *i \\j',
      '#summer and #夏 but not a#b or #',
      'C# & F#',
      'https://example.com/a_b(c)',
    ]) {
      expect(renderLittleText(toLittleText(text))).toBe(text);
    }
  });

  it('writes hashtags as hashtag templates', () => {
    expect(toLittleText('Go #summer_time')).toBe('Go {hashtag|\\#|summer_time}');
  });
});

describe('LinkedIn content rules', () => {
  const image = (overrides: Partial<MediaFacts> = {}): MediaFacts => ({
    id: 'i',
    mimeType: 'image/png',
    size: 1000,
    altText: '',
    width: 1200,
    height: 627,
    ...overrides,
  });
  const video = (overrides: Partial<MediaFacts> = {}): MediaFacts => ({
    id: 'v',
    kind: 'video',
    mimeType: 'video/mp4',
    size: 1_000_000,
    altText: '',
    durationMs: 10_000,
    ...overrides,
  });
  const codes = (content: Parameters<typeof checkLinkedInVariant>[0]) =>
    checkLinkedInVariant(content)
      .problems.map((problem) => problem.code)
      .sort();

  it('allows 3,000 characters and 20 images', () => {
    expect(codes({ text: 'a'.repeat(3000), media: Array.from({ length: 20 }, () => image()) })).toEqual([]);
    expect(codes({ text: 'a'.repeat(3001), media: Array.from({ length: 21 }, () => image()) })).toEqual([
      'text_too_long',
      'too_many_images',
    ]);
  });

  it('takes one MP4 video alone, 75 KB to 500 MB, 3 s to 30 min', () => {
    expect(codes({ text: 'v', media: [video()] })).toEqual([]);
    expect(codes({ text: 'v', media: [video(), image()] })).toEqual(['video_with_other_media']);
    expect(codes({ text: 'v', media: [video({ size: 10_000, durationMs: 2000 })] })).toEqual([
      'video_too_short',
      'video_too_small',
    ]);
    expect(codes({ text: 'v', media: [video({ mimeType: 'video/quicktime', durationMs: 31 * 60_000 })] })).toEqual([
      'video_too_long',
      'video_type_unsupported',
    ]);
  });

  it('refuses images over 36 million pixels, a link card beside media, and an unknown visibility', () => {
    expect(codes({ text: 'x', media: [image({ width: 8000, height: 6000 })] })).toEqual(['image_too_many_pixels']);
    expect(codes({ text: 'x', media: [image()], link: 'https://example.com' })).toEqual(['link_with_media']);
    expect(codes({ text: 'x', media: [], options: { visibility: 'FRIENDS' } })).toEqual(['visibility_invalid']);
  });
});
