import { createHash } from 'node:crypto';

/**
 * Record keys for posts, derived from Crier's publication id so that every attempt of one publication
 * writes to the same key: the PDS refuses a second record there, and Crier reads the first one back.
 *
 * A post's key must be a TID: 53 bits of microseconds since 1970 and 10 bits of clock id, written in
 * base32-sortable (https://atproto.com/specs/tid). The time part should be plausible, because tools
 * list a repo in key order. When the publication id carries its own creation time (UUIDv7, ULID),
 * that time is used; otherwise the time is drawn from a hash of the id inside a fixed past year, which
 * keeps it deterministic without pretending to be in the future.
 */

const S32_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
const CLOCK_ID_BITS = 10;
const MICROS_PER_MS = 1000;
/** 2023-01-01T00:00:00Z, the start of the window for ids that carry no time. */
const FALLBACK_WINDOW_START_US = 1_672_531_200_000_000;
const FALLBACK_WINDOW_US = 365 * 24 * 3600 * 1_000_000;

const UUID_V7 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?7[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function recordKeyForPublication(publicationId: string): string {
  const digest = createHash('sha256').update(`crier:bluesky:post:${publicationId}`).digest();
  const clockId = digest.readUInt16BE(0) & ((1 << CLOCK_ID_BITS) - 1);
  const hashMicros = Number(digest.readBigUInt64BE(2) % BigInt(FALLBACK_WINDOW_US));
  const embeddedMs = embeddedTimeMs(publicationId);
  const micros =
    embeddedMs !== undefined
      ? embeddedMs * MICROS_PER_MS + (hashMicros % MICROS_PER_MS)
      : FALLBACK_WINDOW_START_US + hashMicros;
  return tidFromParts(micros, clockId);
}

/** The creation time (epoch ms) a UUIDv7 or a ULID carries in its first 48 bits. */
function embeddedTimeMs(id: string): number | undefined {
  if (UUID_V7.test(id)) return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
  if (ULID.test(id)) {
    let ms = 0;
    for (const char of id.slice(0, 10).toUpperCase()) ms = ms * 32 + CROCKFORD.indexOf(char);
    return ms;
  }
  return undefined;
}

/** A TID string: 11 base32-sortable characters of timestamp, 2 of clock id. */
export function tidFromParts(timestampMicros: number, clockId: number): string {
  if (!Number.isSafeInteger(timestampMicros) || timestampMicros < 0) {
    throw new RangeError(`a TID timestamp must be a non-negative safe integer, got ${timestampMicros}`);
  }
  return `${s32encode(timestampMicros, 11)}${s32encode(clockId, 2)}`;
}

function s32encode(value: number, width: number): string {
  let rest = BigInt(value);
  let encoded = '';
  for (let i = 0; i < width; i += 1) {
    encoded = S32_ALPHABET.charAt(Number(rest % 32n)) + encoded;
    rest /= 32n;
  }
  return encoded;
}
