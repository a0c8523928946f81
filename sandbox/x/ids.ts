import { randomBytes } from 'node:crypto';

/** X's own epoch (2010-11-04), so sandbox ids look and sort like real ones. */
const X_EPOCH_MS = 1_288_834_974_657n;
const SEQUENCE_BITS = 22n;
const SEQUENCE_MASK = (1n << SEQUENCE_BITS) - 1n;

/**
 * Returns a generator of snowflake-style ids: 19-digit decimal strings that grow with time, the shape
 * X uses for users, posts and media (`^[0-9]{1,19}$` in the OpenAPI document).
 */
export function createIdGenerator(now: () => number): () => string {
  let lastMs = 0n;
  let sequence = 0n;
  return () => {
    let ms = BigInt(now()) - X_EPOCH_MS;
    if (ms <= lastMs) {
      // Same millisecond (or a clock that went back): keep ids unique and increasing.
      sequence = (sequence + 1n) & SEQUENCE_MASK;
      if (sequence === 0n) lastMs += 1n;
      ms = lastMs;
    } else {
      sequence = 0n;
    }
    lastMs = ms;
    return ((ms << SEQUENCE_BITS) | sequence).toString();
  };
}

/** An opaque secret (token, code) in URL-safe base64. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
