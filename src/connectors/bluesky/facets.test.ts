import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFacets, findLinks, firstLink } from './facets.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** The byte span of `part` in `text`, found independently of the code under test. */
function spanOf(text: string, part: string, from = 0) {
  const index = text.indexOf(part, from);
  if (index < 0) throw new Error(`${part} is not in ${text}`);
  return { byteStart: bytes(text.slice(0, index)), byteEnd: bytes(text.slice(0, index + part.length)) };
}

const knownHandles: Record<string, string> = { 'bob.test': 'did:plc:bob', 'alice.bsky.social': 'did:plc:alice' };
const resolve = async (handle: string) => knownHandles[handle];

describe('buildFacets', () => {
  it('puts UTF-8 byte offsets on a link that follows Japanese text', async () => {
    const text = '新しいモデルの詳細はこちら https://example.com/cars?id=1 です';
    const facets = await buildFacets(text, resolve);
    expect(facets).toEqual([
      {
        $type: 'app.bsky.richtext.facet',
        index: spanOf(text, 'https://example.com/cars?id=1'),
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/cars?id=1' }],
      },
    ]);
    // 13 characters of three bytes each, then a space.
    expect(facets[0]?.index.byteStart).toBe(40);
  });

  it('finds a link written straight after Japanese text and stops it at Japanese punctuation', async () => {
    const text = '詳しくはhttps://example.com/a。以上';
    const facets = await buildFacets(text, resolve);
    expect(facets.map((facet) => [facet.index, facet.features[0]])).toEqual([
      [spanOf(text, 'https://example.com/a'), { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/a' }],
    ]);
  });

  it('resolves mentions to DIDs, keeps an unknown handle as plain text, and tags hashtags', async () => {
    const text = '🚗 @bob.test と @nobody.test へ #夏 #2024 #launch!';
    const facets = await buildFacets(text, resolve);
    expect(facets).toEqual([
      {
        $type: 'app.bsky.richtext.facet',
        index: spanOf(text, '@bob.test'),
        features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:bob' }],
      },
      {
        $type: 'app.bsky.richtext.facet',
        index: spanOf(text, '#夏'),
        features: [{ $type: 'app.bsky.richtext.facet#tag', tag: '夏' }],
      },
      {
        $type: 'app.bsky.richtext.facet',
        index: spanOf(text, '#launch'),
        features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'launch' }],
      },
    ]);
  });

  it('does not turn a mention of a domain handle into a link', async () => {
    const text = 'thanks @alice.bsky.social and @ghost.bsky.social';
    const facets = await buildFacets(text, resolve);
    expect(facets.map((facet) => facet.features[0]?.$type)).toEqual(['app.bsky.richtext.facet#mention']);
  });

  it('links bare domains over https and leaves emails alone', async () => {
    const text = 'write to team@example.com or see example.com/x, (https://a.example.org/p).';
    const links = findLinks(text);
    expect(links.map((link) => link.uri)).toEqual(['https://example.com/x', 'https://a.example.org/p']);
    expect(firstLink(await buildFacets(text, resolve))).toBe('https://example.com/x');
  });

  it('counts an emoji (a surrogate pair) as four bytes', async () => {
    const text = '👍🏽 https://example.com';
    const [facet] = await buildFacets(text, resolve);
    expect(facet?.index).toEqual({ byteStart: 9, byteEnd: 9 + 'https://example.com'.length });
  });

  it('gives byte offsets that cut exactly the link out of the UTF-8 text, whatever comes before', async () => {
    const link = 'https://example.com/a?b=1';
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (before) => {
        const text = `${before} ${link} end`;
        const facets = await buildFacets(text, resolve);
        const linkFacets = facets.filter((facet) => facet.features[0]?.$type === 'app.bsky.richtext.facet#link');
        const { byteStart, byteEnd } = linkFacets[linkFacets.length - 1]?.index ?? { byteStart: -1, byteEnd: -1 };
        expect(Buffer.from(text, 'utf8').subarray(byteStart, byteEnd).toString('utf8')).toBe(link);
      }),
      { numRuns: 300 },
    );
  });
});
