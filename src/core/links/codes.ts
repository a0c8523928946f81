/** Short codes and slugs: what Crier generates and what it accepts from people. */

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 62^8 ≈ 2.2 × 10^14 codes: guessing one that exists is hopeless, and collisions are negligible. */
export const GENERATED_CODE_LENGTH = 8;

/** What a code may look like, generated or chosen: checked before any lookup, so junk never reaches the cache. */
const CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

export function isValidCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/**
 * A random code from `randomBytes` (injected: core does no I/O). Rejection sampling keeps every
 * character equally likely.
 */
export function generateCode(randomBytes: (size: number) => Uint8Array, length = GENERATED_CODE_LENGTH): string {
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && code.length < length) code += CODE_ALPHABET[byte % 62];
    }
  }
  return code;
}

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidSlug(slug: string): boolean {
  return slug.length <= 64 && SLUG_PATTERN.test(slug);
}

/**
 * A URL-safe slug from a name: `Summer Drinks 2026` → `summer-drinks-2026`. Letters outside ASCII
 * (a Japanese campaign name) leave nothing, so the caller falls back to a generated slug.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
