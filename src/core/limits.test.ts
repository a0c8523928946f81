import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countGraphemes } from './limits.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const segmented = (text: string) => [...segmenter.segment(text)].length;

describe('countGraphemes', () => {
  it('agrees with the Unicode segmenter on any text', () => {
    for (const unit of ['grapheme', 'grapheme-composite', 'binary'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 30 }), (text) => countGraphemes(text) === segmented(text)),
        { numRuns: 3000 },
      );
    }
  });

  it('counts joined sequences as one: families, flags, skin tones, combining marks, CRLF, jamo, half-width voicing', () => {
    const samples = ['\u0D4F\u0EB3', 'ก\u0E33', '👨‍👩‍👧', '🇯🇵', '👍🏽', 'é', '\r\n', '\u1100\u1161\u11A8', 'ﾊﾟ', '❤️'];
    for (const sample of samples) expect(countGraphemes(sample), JSON.stringify(sample)).toBe(1);
    expect(countGraphemes('日本語のテキスト')).toBe(8);
  });
});
