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

export interface FollowOptions {
  /** False answers without counting: a HEAD request checks a link, nobody visits it. */
  recordClick: boolean;
  /** On a workspace's own link domain, only that workspace's links exist. */
  workspaceId: string | null;
}

const ANY_LINK: FollowOptions = { recordClick: true, workspaceId: null };
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

  follow(code: string, visit: Visit, options: FollowOptions = ANY_LINK): RedirectOutcome | Promise<RedirectOutcome> {
    if (!isValidCode(code)) return NOT_FOUND;
    const now = this.clock.now();
    const cached = this.cache.peek(code);
    if (cached === null) return NOT_FOUND;
    if (cached !== undefined) return this.answer(cached, visit, now, options);
    return this.cache
      .load(code)
      .then((loaded) => (loaded ? this.answer(loaded, visit, this.clock.now(), options) : NOT_FOUND));
  }

  private answer(link: CachedLink, visit: Visit, now: number, options: FollowOptions): RedirectOutcome {
    if (options.workspaceId && link.workspaceId !== options.workspaceId) return NOT_FOUND;
    if (!link.enabled) return DISABLED;
    if (link.expiresAt !== null && link.expiresAt <= now) return EXPIRED;
    const clickId = this.clickIds.next(now);
    if (options.recordClick)
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

/** URL-safe characters in ASCII order, so ids sort as their bits do. */
const SORTABLE_ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const RANDOM_BYTES_PER_ID = 6;

/**
 * Click ids of 16 URL-safe characters: 48 bits of the time in ms, then 48 random bits, cut from a
 * block of randomness filled at once. Time first makes each batch of clicks land at the end of the
 * click table's key instead of at random places; the random half keeps ids unguessable.
 */
class ClickIdPool {
  private readonly block = Buffer.alloc(RANDOM_BYTES_PER_ID * 1024);
  private offset = this.block.length;
  /** The id's characters are written here, then read out as one string: one allocation per id. */
  private readonly characters = Buffer.alloc(16);

  next(now: number): string {
    if (this.offset >= this.block.length) {
      randomFillSync(this.block);
      this.offset = 0;
    }
    const random = this.block.readUIntBE(this.offset, RANDOM_BYTES_PER_ID);
    this.offset += RANDOM_BYTES_PER_ID;
    // two 48-bit halves, each written as eight 6-bit characters, most significant first
    this.write48(now, 0);
    this.write48(random, 8);
    return this.characters.toString('latin1');
  }

  private write48(value: number, start: number): void {
    let rest = value;
    for (let index = start + 7; index >= start; index -= 1) {
      this.characters[index] = SORTABLE_CODES[rest % 64] as number;
      rest = Math.floor(rest / 64);
    }
  }
}

const SORTABLE_CODES = Uint8Array.from(SORTABLE_ALPHABET, (character) => character.charCodeAt(0));
