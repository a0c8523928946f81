import { describe, expect, it } from 'vitest';
import { generateCode, isValidCode, isValidSlug, slugify } from './codes.js';
import { findUrls } from './rewrite.js';
import { planTrackedLinks, variantTag } from './tracking-plan.js';

const BASE = 'https://go.fizz.example';

function plan(texts: Array<{ id: string; network: string; text: string; segment?: string }>) {
  let counter = 0;
  return planTrackedLinks({
    variants: texts.map((v) => ({ variantId: v.id, network: v.network, segmentName: v.segment ?? null, text: v.text })),
    campaignSlug: 'summer-drinks',
    shortLinkBase: BASE,
    isShortLink: (url) => url.startsWith(`${BASE}/`),
    newCode: () => `code${++counter}`,
  });
}

describe('tracking plan', () => {
  it('replaces every URL of each variant with its own short link, tagged for that variant', () => {
    const result = plan([
      {
        id: 'aaaaaaaa-1111',
        network: 'x',
        text: 'Ice-cold! https://fizz.example/summer and https://fizz.example/shops.',
      },
      {
        id: 'bbbbbbbb-2222',
        network: 'bluesky',
        text: 'Taste of summer: https://fizz.example/summer',
        segment: 'Cold regions',
      },
      { id: 'cccccccc-3333', network: 'x', text: 'No link here' },
    ]);
    expect(result.texts.get('aaaaaaaa-1111')).toBe(`Ice-cold! ${BASE}/code1 and ${BASE}/code2.`);
    expect(result.texts.get('bbbbbbbb-2222')).toBe(`Taste of summer: ${BASE}/code3`);
    expect(result.texts.has('cccccccc-3333')).toBe(false);
    expect(result.links.map((link) => [link.code, link.network, link.targetUrl])).toEqual([
      [
        'code1',
        'x',
        'https://fizz.example/summer?utm_source=x&utm_medium=social&utm_campaign=summer-drinks&utm_content=aaaaaaaa',
      ],
      [
        'code2',
        'x',
        'https://fizz.example/shops?utm_source=x&utm_medium=social&utm_campaign=summer-drinks&utm_content=aaaaaaaa',
      ],
      [
        'code3',
        'bluesky',
        'https://fizz.example/summer?utm_source=bluesky&utm_medium=social&utm_campaign=summer-drinks&utm_content=cold-regions-bbbbbbbb',
      ],
    ]);
  });

  it('shares one link for a URL repeated in a variant and leaves Crier short links alone', () => {
    const result = plan([{ id: 'v1', network: 'x', text: `https://a.example/ https://a.example/ ${BASE}/keep` }]);
    expect(result.texts.get('v1')).toBe(`${BASE}/code1 ${BASE}/code1 ${BASE}/keep`);
    expect(result.links).toHaveLength(1);
  });

  it('tracks URLs in Japanese text up to CJK punctuation, IDN hosts and www. forms', () => {
    const result = plan([
      { id: 'v1', network: 'x', text: '詳細はhttps://はじめよう.みんな/試乗。www.fizz.co.jp/ja もどうぞ' },
    ]);
    expect(result.texts.get('v1')).toBe(`詳細は${BASE}/code1。${BASE}/code2 もどうぞ`);
    expect(result.links[0]?.originalUrl).toBe('https://xn--p8j9a0d9c9a.xn--q9jyb4c/%E8%A9%A6%E4%B9%97');
    expect(result.links[1]?.originalUrl).toBe('http://www.fizz.co.jp/ja');
  });

  it('tracks the link a network takes apart from the text, sharing the code of the same URL in the text', () => {
    let counter = 0;
    const plan = planTrackedLinks({
      variants: [
        {
          variantId: 'pin',
          network: 'pinterest',
          segmentName: null,
          text: 'Summer https://fizz.example/a',
          link: 'https://fizz.example/a',
        },
        {
          variantId: 'li',
          network: 'linkedin',
          segmentName: null,
          text: 'No URL here',
          link: 'https://fizz.example/b',
        },
        { variantId: 'odd', network: 'linkedin', segmentName: null, text: 'Plain', link: 'mailto:hello@fizz.example' },
      ],
      campaignSlug: null,
      shortLinkBase: BASE,
      isShortLink: () => false,
      newCode: () => `code${++counter}`,
    });
    expect(plan.texts.get('pin')).toBe(`Summer ${BASE}/code1`);
    expect(plan.linkFields).toEqual(
      new Map([
        ['pin', `${BASE}/code1`],
        ['li', `${BASE}/code2`],
      ]),
    );
    expect(plan.links.map((link) => link.targetUrl)).toEqual([
      'https://fizz.example/a?utm_source=pinterest&utm_medium=social&utm_content=pin',
      'https://fizz.example/b?utm_source=linkedin&utm_medium=social&utm_content=li',
    ]);
  });

  it('leaves bare words that look like domains as written', () => {
    expect(findUrls('hello.world and crier.ts')).toEqual([]);
  });

  it('tags a variant by segment slug and id', () => {
    expect(variantTag('3f1c2a9b-0000-4000-8000-000000000000', null)).toBe('3f1c2a9b');
    expect(variantTag('3f1c2a9b-0000', 'Hot regions (JP, AU)')).toBe('hot-regions-jp-au-3f1c2a9b');
  });
});

describe('codes and slugs', () => {
  it('generates codes from the alphabet that the redirect accepts', () => {
    let seed = 0;
    const bytes = (size: number) => Uint8Array.from({ length: size }, () => (seed = (seed * 31 + 7) % 256));
    const code = generateCode(bytes);
    expect(code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(isValidCode(code)).toBe(true);
    for (const bad of ['', 'ab', '../etc', 'a b c', '%2e%2e', 'x'.repeat(65), '//evil.example'])
      expect(isValidCode(bad)).toBe(false);
  });

  it('slugifies names', () => {
    expect(slugify('Summer Drinks 2026!')).toBe('summer-drinks-2026');
    expect(slugify('Café Crème')).toBe('cafe-creme');
    expect(slugify('夏のキャンペーン')).toBe('');
    expect(isValidSlug('summer-drinks')).toBe(true);
    expect(isValidSlug('Summer')).toBe(false);
  });
});
