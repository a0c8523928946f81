import { randomFillSync } from 'node:crypto';
import { clientAddress, type TrustProxy } from '../core/links/click-facts.js';
import { isValidCode } from '../core/links/codes.js';
import { redirectLocation } from '../core/links/tracked-url.js';
import type { ClickRecorder } from './click-recorder.js';
import type { Clock } from './clock.js';
import type { CachedLink, LinkCache } from './link-cache.js';

export type RedirectOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'not_found' }
  | { kind: 'disabled' }
  | { kind: 'expired' };

/** What the redirect reads of a request: headers and the socket's peer, nothing else. */
export interface Visit {
  peerAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  userAgent: string | undefined;
  referer: string | undefined;
}

const NOT_FOUND: RedirectOutcome = { kind: 'not_found' };
const DISABLED: RedirectOutcome = { kind: 'disabled' };
const EXPIRED: RedirectOutcome = { kind: 'expired' };

/**
 * The hottest path in Crier: a code in, a Location out. A cached link answers synchronously with no
 * allocation beyond the click and its Location; only a cache miss returns a promise. Only links
 * created in Crier redirect: the target always comes from the link, never from the request.
 */
export class RedirectService {
  private readonly clickIds = new ClickIdPool();

  constructor(
    private readonly cache: LinkCache,
    private readonly recorder: ClickRecorder,
    private readonly clock: Clock,
    private readonly trustProxy: TrustProxy,
  ) {}

  /** `recordClick` false answers without counting (a HEAD request checks a link, nobody visits it). */
  follow(code: string, visit: Visit, recordClick = true): RedirectOutcome | Promise<RedirectOutcome> {
    if (!isValidCode(code)) return NOT_FOUND;
    const now = this.clock.now();
    const cached = this.cache.peek(code, now);
    if (cached === null) return NOT_FOUND;
    if (cached !== undefined) return this.answer(cached, visit, now, recordClick);
    return this.cache
      .load(code)
      .then((loaded) => (loaded ? this.answer(loaded, visit, this.clock.now(), recordClick) : NOT_FOUND));
  }

  private answer(link: CachedLink, visit: Visit, now: number, recordClick: boolean): RedirectOutcome {
    if (!link.enabled) return DISABLED;
    if (link.expiresAt !== null && link.expiresAt <= now) return EXPIRED;
    const clickId = this.clickIds.next();
    if (recordClick)
      this.recorder.record({
        id: clickId,
        linkId: link.id,
        workspaceId: link.workspaceId,
        at: now,
        address: clientAddress(visit.peerAddress, visit.forwardedFor, this.trustProxy),
        userAgent: visit.userAgent,
        referer: visit.referer,
      });
    return { kind: 'redirect', location: redirectLocation(link.template, clickId) };
  }
}

/** 96-bit random click ids, 16 characters of base64url, cut from a block of randomness filled at once. */
class ClickIdPool {
  private static readonly ID_BYTES = 12;
  private readonly block = Buffer.alloc(ClickIdPool.ID_BYTES * 1024);
  private offset = this.block.length;

  next(): string {
    if (this.offset >= this.block.length) {
      randomFillSync(this.block);
      this.offset = 0;
    }
    const id = this.block.toString('base64url', this.offset, this.offset + ClickIdPool.ID_BYTES);
    this.offset += ClickIdPool.ID_BYTES;
    return id;
  }
}
