import { describe, expect, it } from 'vitest';
import type { MediaFacts } from '../../core/content.js';
import { checkThreadsVariant, threadsTextLength } from './content-rules.js';

const image = (overrides: Partial<MediaFacts> = {}): MediaFacts => ({
  id: 'i',
  mimeType: 'image/png',
  size: 1000,
  altText: '',
  width: 1080,
  height: 1080,
  ...overrides,
});
const codes = (check: ReturnType<typeof checkThreadsVariant>) => check.problems.map((problem) => problem.code);

describe('Threads text counting', () => {
  it('counts characters, but an emoji as its UTF-8 bytes', () => {
    expect(threadsTextLength('夏の新商品')).toBe(5);
    expect(threadsTextLength('😀')).toBe(4);
    expect(threadsTextLength('👍🏽')).toBe(8);
    expect(threadsTextLength('https://example.com/a-long-link')).toBe(31);
  });

  it('reports the measure and one message when the text is over 500', () => {
    const check = checkThreadsVariant({ text: `${'a'.repeat(497)}😀`, media: [] }, true);
    expect(check.measure).toEqual({ length: 501, limit: 500 });
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]?.message).toContain('this text counts 501 (1 over)');
  });
});

describe('Threads media rules', () => {
  it('takes 2 to 20 items and refuses 21, a GIF, an 8 MB+ photo and a 10:1+ photo, each named', () => {
    expect(codes(checkThreadsVariant({ text: 'ok', media: Array.from({ length: 20 }, () => image()) }, true))).toEqual(
      [],
    );
    const check = checkThreadsVariant(
      {
        text: 'many',
        media: [
          ...Array.from({ length: 18 }, () => image()),
          image({ mimeType: 'image/gif' }),
          image({ size: 9_000_000 }),
          image({ width: 2200, height: 200 }),
        ],
      },
      true,
    );
    expect(codes(check).sort()).toEqual([
      'image_aspect_ratio',
      'image_too_large',
      'image_type_unsupported',
      'too_many_media',
    ]);
    expect(check.problems.find((problem) => problem.code === 'image_aspect_ratio')?.field).toBe('media[20]');
  });

  it('refuses videos over 5 minutes, 1 GB or 1920 pixels wide', () => {
    const video = (overrides: Partial<MediaFacts>) => ({
      id: 'v',
      kind: 'video' as const,
      mimeType: 'video/mp4',
      size: 1000,
      altText: '',
      ...overrides,
    });
    const check = checkThreadsVariant(
      { text: '', media: [video({ durationMs: 301_000 }), video({ size: 1_100_000_000 }), video({ width: 3840 })] },
      true,
    );
    expect(codes(check).sort()).toEqual(['video_too_large', 'video_too_long', 'video_too_wide']);
  });

  it('says plainly when this Crier cannot offer media to Threads, and when a link card meets media', () => {
    expect(codes(checkThreadsVariant({ text: 'photo', media: [image()] }, false))).toEqual([
      'media_hosting_unavailable',
    ]);
    expect(codes(checkThreadsVariant({ text: 'x', media: [image()], link: 'https://example.com' }, true))).toEqual([
      'link_with_media',
    ]);
  });

  it('checks reply control and topic options', () => {
    const check = checkThreadsVariant(
      { text: 'x', media: [], options: { replyControl: 'nobody', topicTag: '' } },
      true,
    );
    expect(codes(check)).toEqual(['reply_control_invalid', 'topic_tag_invalid']);
  });
});
