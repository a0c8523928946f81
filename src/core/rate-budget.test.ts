import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketCapacity,
  fullBucket,
  type RateRule,
  reservationSize,
  type TokenBucket,
  takeTokens,
} from './rate-budget.js';

const X_PER_USER: RateRule = { limit: 100, windowMs: 15 * 60_000 };

describe('rate budget', () => {
  it('lets half the limit go at once and refills the other half over one window', () => {
    const start = 1_000_000;
    const burst = takeTokens(fullBucket(X_PER_USER, start), X_PER_USER, 1000, start);
    expect(burst.granted).toBe(50);
    // the next token: one window's half-limit spread evenly, 18 s per token
    expect(burst.nextTokenAt).toBe(start + 18_000);
    const later = takeTokens(burst.bucket, X_PER_USER, 1000, start + 18_000);
    expect(later.granted).toBe(1);
  });

  it('never lets more than the limit through in any window, wherever the window starts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1000, max: 60_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }),
        (limit, windowMs, gaps) => {
          const rule = { limit, windowMs };
          let now = 0;
          let bucket: TokenBucket = fullBucket(rule, now);
          const sent: number[] = [];
          for (const gap of gaps) {
            now += gap;
            const taken = takeTokens(bucket, rule, 3, now);
            bucket = taken.bucket;
            for (let index = 0; index < taken.granted; index += 1) sent.push(now);
          }
          // slide a window over every send: the network's window may start at any of them
          for (const [index, start] of sent.entries()) {
            const inWindow = sent.slice(index).filter((time) => time < start + windowMs).length;
            if (inWindow > limit) return false;
          }
          return true;
        },
      ),
    );
  });

  it('reserves a few tokens at a time only when the budget refills fast', () => {
    expect(reservationSize(X_PER_USER)).toBe(1);
    expect(reservationSize({ limit: 10_000, windowMs: 24 * 3_600_000 })).toBe(1);
    expect(reservationSize({ limit: 1_000_000, windowMs: 60_000 })).toBe(1000);
    expect(bucketCapacity({ limit: 1, windowMs: 1000 })).toBe(1);
  });
});
