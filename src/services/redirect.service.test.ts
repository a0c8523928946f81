import { describe, expect, it } from 'vitest';
import type { LinkTarget } from '../core/links/model.js';
import { redirectTemplate } from '../core/links/tracked-url.js';
import type { ClickRecorder, RawClick } from './click-recorder.js';
import type { CachedLink, LinkCache } from './link-cache.js';
import { RedirectService, type Visit } from './redirect.service.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const VISIT: Visit = { peerAddress: '10.0.0.2', forwardedFor: '203.0.113.7', userAgent: 'Safari', referer: undefined };

/** A cache that knows a few links and counts the lookups it had to make. */
function cacheOf(targets: Record<string, Partial<LinkTarget>>) {
  const lookups: string[] = [];
  const link = (code: string): CachedLink | undefined => {
    const target = targets[code];
    if (!target) return undefined;
    const targetUrl = target.targetUrl ?? `https://fizz.example/${code}?utm_source=x`;
    return {
      id: `id-${code}`,
      workspaceId: 'fizz',
      enabled: true,
      expiresAt: null,
      ...target,
      targetUrl,
      template: redirectTemplate(targetUrl),
    };
  };
  const cache = {
    peek: (code: string) => (code === 'warm0001' ? link(code) : undefined),
    load: async (code: string) => {
      lookups.push(code);
      return link(code);
    },
  };
  return { cache: cache as unknown as LinkCache, lookups };
}

function service(targets: Record<string, Partial<LinkTarget>>) {
  const { cache, lookups } = cacheOf(targets);
  const clicks: RawClick[] = [];
  const recorder = { record: (click: RawClick) => clicks.push(click) } as unknown as ClickRecorder;
  return { redirects: new RedirectService(cache, recorder, { now: () => NOW }, 1), clicks, lookups };
}

describe('redirect service', () => {
  it('answers a cached link at once, with a fresh click id each time, and records the click', () => {
    const { redirects, clicks } = service({ warm0001: {} });
    const first = redirects.follow('warm0001', VISIT);
    const second = redirects.follow('warm0001', VISIT);
    expect(first).not.toBeInstanceOf(Promise);
    expect(first).toMatchObject({
      kind: 'redirect',
      location: expect.stringMatching(/^https:\/\/fizz\.example\/warm0001\?utm_source=x&crier_cid=[\w-]{16}$/),
    });
    expect(second).not.toEqual(first);
    // one trusted proxy: the address it saw is the client's
    expect(clicks).toEqual([
      expect.objectContaining({ linkId: 'id-warm0001', workspaceId: 'fizz', at: NOW, address: '203.0.113.7' }),
      expect.objectContaining({ linkId: 'id-warm0001' }),
    ]);
    const ids = clicks.map((click) => click.id);
    expect(ids[0]?.slice(0, 8)).toBe(ids[1]?.slice(0, 8));
  });

  it('refuses malformed codes before any lookup', async () => {
    const { redirects, lookups } = service({});
    for (const code of ['', 'a/b', '..', 'x'.repeat(65), 'https:', '%2F%2Fevil.example']) {
      expect(await redirects.follow(code, VISIT)).toEqual({ kind: 'not_found' });
    }
    expect(lookups).toEqual([]);
    expect(await redirects.follow('unknown1', VISIT)).toEqual({ kind: 'not_found' });
    expect(lookups).toEqual(['unknown1']);
  });

  it('shows turned-off and expired links for what they are, without counting a click', async () => {
    const { redirects, clicks } = service({ off00001: { enabled: false }, old00001: { expiresAt: NOW } });
    expect(await redirects.follow('off00001', VISIT)).toEqual({ kind: 'disabled' });
    expect(await redirects.follow('old00001', VISIT)).toEqual({ kind: 'expired' });
    expect(clicks).toEqual([]);
  });

  it('counts no click for a HEAD request, and serves on a workspace’s domain only that workspace’s links', async () => {
    const { redirects, clicks } = service({ warm0001: {} });
    expect(redirects.follow('warm0001', VISIT, { recordClick: false, workspaceId: null })).toMatchObject({
      kind: 'redirect',
    });
    expect(clicks).toEqual([]);
    expect(redirects.follow('warm0001', VISIT, { recordClick: true, workspaceId: 'another-brand' })).toEqual({
      kind: 'not_found',
    });
    expect(redirects.follow('warm0001', VISIT, { recordClick: true, workspaceId: 'fizz' })).toMatchObject({
      kind: 'redirect',
    });
  });
});
