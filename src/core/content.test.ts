import { describe, expect, it } from 'vitest';
import { checkVariant } from './content.js';
import type { NetworkLimits } from './limits.js';

const WEIGHTED: NetworkLimits = {
  maxTextLength: 280,
  textCounting: { kind: 'weighted', urlLength: 23 },
  textOptionalWithMedia: true,
  media: {
    maxImages: 4,
    maxImageBytes: 5_000_000,
    imageMimeTypes: ['image/png', 'image/jpeg'],
    altTextRequired: false,
    maxAltTextLength: 1000,
  },
};
const GRAPHEMES: NetworkLimits = {
  ...WEIGHTED,
  maxTextLength: 300,
  textCounting: { kind: 'graphemes', maxBytes: 3000 },
  textOptionalWithMedia: false,
  media: { ...WEIGHTED.media, altTextRequired: true },
};
const image = (overrides: Partial<{ mimeType: string; size: number; altText: string }> = {}) => ({
  id: 'm',
  mimeType: 'image/png',
  size: 1000,
  altText: 'A bottle on ice',
  ...overrides,
});

describe('checkVariant', () => {
  it('counts CJK characters double and every URL as 23 on a weighted network', () => {
    const text = `${'夏'.repeat(10)} https://example.com/${'x'.repeat(200)}`;
    expect(checkVariant({ text, media: [] }, WEIGHTED, 'X').measure).toEqual({ length: 20 + 1 + 23, limit: 280 });
  });

  it('counts emoji sequences as single characters on a grapheme network, with bytes beside', () => {
    const check = checkVariant({ text: '👨‍👩‍👧 family', media: [] }, GRAPHEMES, 'Bluesky');
    expect(check.measure).toEqual({ length: 8, limit: 300, bytes: 25, maxBytes: 3000 });
    expect(check.problems).toEqual([]);
  });

  it('reports every problem at once, each naming its field and limit', () => {
    const check = checkVariant(
      {
        text: 'a'.repeat(301),
        media: [
          image({ altText: '' }),
          image({ mimeType: 'image/tiff' }),
          image({ size: 6_000_000 }),
          image(),
          image(),
        ],
      },
      GRAPHEMES,
      'Bluesky',
    );
    expect(check.problems.map((problem) => [problem.code, problem.field])).toEqual([
      ['text_too_long', 'text'],
      ['too_many_images', 'media'],
      ['alt_text_missing', 'media[0]'],
      ['image_type_unsupported', 'media[1]'],
      ['image_too_large', 'media[2]'],
    ]);
    expect(check.problems[0]?.message).toBe('Bluesky allows 300 characters; this text counts 301 (1 over)');
    expect(check.problems[4]?.message).toBe('Bluesky takes images up to 5 MB; image 3 is 6 MB');
  });

  it('refuses an empty post, but lets media stand alone where the network allows it', () => {
    expect(checkVariant({ text: ' ', media: [] }, WEIGHTED, 'X').problems.map((p) => p.code)).toEqual(['text_empty']);
    expect(checkVariant({ text: '', media: [image()] }, WEIGHTED, 'X').problems).toEqual([]);
    expect(checkVariant({ text: '', media: [image()] }, GRAPHEMES, 'Bluesky').problems.map((p) => p.code)).toEqual([
      'text_empty',
    ]);
  });

  it('caps bytes as well as characters where the network does', () => {
    const limits: NetworkLimits = { ...GRAPHEMES, textCounting: { kind: 'graphemes', maxBytes: 30 } };
    const check = checkVariant({ text: 'あ'.repeat(11), media: [] }, limits, 'Bluesky');
    expect(check.problems).toEqual([expect.objectContaining({ code: 'text_too_many_bytes', limit: 30, actual: 33 })]);
  });
});
