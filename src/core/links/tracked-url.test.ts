import { describe, expect, it } from 'vitest';
import { applyUtmTags, CLICK_ID_PARAM, checkTargetUrl, redirectLocation, redirectTemplate } from './tracked-url.js';

const TAGS = { source: 'x', medium: 'social', campaign: 'summer-drinks', content: 'hot-3f1c2a9b' };
const UTM = 'utm_source=x&utm_medium=social&utm_campaign=summer-drinks&utm_content=hot-3f1c2a9b';

/** What a visitor lands on: the tagged target with this click's id. */
function landing(raw: string, clickId = 'Ck1d'): string {
  const checked = checkTargetUrl(raw);
  if (!checked.ok) throw new Error(checked.reason);
  return redirectLocation(redirectTemplate(applyUtmTags(checked.url, TAGS)), clickId);
}

describe('tracked URLs', () => {
  it('tags a plain URL and adds the click id', () => {
    expect(landing('https://example.com/summer')).toBe(`https://example.com/summer?${UTM}&${CLICK_ID_PARAM}=Ck1d`);
    expect(landing('https://example.com')).toBe(`https://example.com/?${UTM}&crier_cid=Ck1d`);
  });

  it('keeps an existing query as written, in its place', () => {
    expect(landing('https://example.com/cars?model=eq%20e&flag&q=a,b+c')).toBe(
      `https://example.com/cars?model=eq%20e&flag&q=a,b+c&${UTM}&crier_cid=Ck1d`,
    );
  });

  it('keeps the fragment last', () => {
    expect(landing('https://example.com/dealers?city=osaka#map')).toBe(
      `https://example.com/dealers?city=osaka&${UTM}&crier_cid=Ck1d#map`,
    );
    expect(landing('https://example.com/#/spa/route?x=1')).toBe(
      `https://example.com/?${UTM}&crier_cid=Ck1d#/spa/route?x=1`,
    );
  });

  it('writes an IDN host in punycode and percent-encodes the path, as a Location header needs', () => {
    const location = landing('https://はじめよう.みんな/試乗?車=新型#予約');
    expect(location).toBe(
      `https://xn--p8j9a0d9c9a.xn--q9jyb4c/%E8%A9%A6%E4%B9%97?%E8%BB%8A=%E6%96%B0%E5%9E%8B&${UTM}&crier_cid=Ck1d#%E4%BA%88%E7%B4%84`,
    );
    expect(/^[\x21-\x7e]+$/.test(location)).toBe(true);
  });

  it('replaces tags a URL already has instead of adding a second set', () => {
    const location = landing(
      'https://example.com/?utm_source=newsletter&id=7&UTM_Medium=email&utm_term=cola&crier_cid=old&utm_content=',
    );
    expect(location).toBe(`https://example.com/?id=7&utm_term=cola&${UTM}&crier_cid=Ck1d`);
    const params = new URL(location).searchParams;
    expect(params.getAll('utm_source')).toEqual(['x']);
    expect(params.getAll('crier_cid')).toEqual(['Ck1d']);
  });

  it('handles an empty query mark and a trailing ampersand', () => {
    expect(landing('https://example.com/a?')).toBe(`https://example.com/a?${UTM}&crier_cid=Ck1d`);
    expect(redirectLocation(redirectTemplate('https://example.com/a?b=1&'), 'z')).toBe(
      'https://example.com/a?b=1&crier_cid=z',
    );
    expect(redirectLocation(redirectTemplate('https://example.com/a?'), 'z')).toBe('https://example.com/a?crier_cid=z');
  });

  it('encodes tag values and leaves out empty ones', () => {
    expect(applyUtmTags('https://example.com/', { source: 'x', campaign: 'été & co', content: ' ' })).toBe(
      'https://example.com/?utm_source=x&utm_campaign=%C3%A9t%C3%A9%20%26%20co',
    );
  });

  it('accepts only absolute http(s) URLs without credentials', () => {
    expect(checkTargetUrl('javascript:alert(1)')).toMatchObject({ ok: false });
    expect(checkTargetUrl('ftp://example.com/file')).toMatchObject({ ok: false });
    expect(checkTargetUrl('/relative/path')).toMatchObject({ ok: false });
    expect(checkTargetUrl('https://bank.example@evil.example/')).toMatchObject({ ok: false });
    expect(checkTargetUrl(' HTTPS://Example.COM/A ')).toEqual({ ok: true, url: 'https://example.com/A' });
  });
});
