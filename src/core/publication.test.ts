import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  DEFAULT_RETRY_POLICY,
  ERROR_CLASSES,
  isRetryable,
  nextAttemptAt,
  PUBLICATION_STATES,
} from './publication.js';

describe('publication state machine', () => {
  it('follows draft → scheduled → publishing → published, and nothing leaves published', () => {
    expect(canTransition('draft', 'scheduled')).toBe(true);
    expect(canTransition('scheduled', 'publishing')).toBe(true);
    expect(canTransition('publishing', 'published')).toBe(true);
    for (const state of PUBLICATION_STATES) expect(canTransition('published', state)).toBe(false);
  });

  it('never goes straight from scheduled to published without publishing', () => {
    expect(canTransition('scheduled', 'published')).toBe(false);
    expect(canTransition('draft', 'publishing')).toBe(false);
  });

  it('hands a manual network’s publication to people once claimed, and only they settle it', () => {
    expect(canTransition('publishing', 'awaiting_manual')).toBe(true);
    // the claim records the attempt first: a due publication never skips it
    expect(canTransition('scheduled', 'awaiting_manual')).toBe(false);
    const onward = PUBLICATION_STATES.filter((state) => canTransition('awaiting_manual', state));
    expect(onward).toEqual(['published', 'cancelled']);
    // nothing was sent, so there is nothing to retry, reconcile or fail
    expect(canTransition('awaiting_manual', 'publishing')).toBe(false);
    expect(canTransition('awaiting_manual', 'failed')).toBe(false);
  });
});

describe('retries', () => {
  it('retries only failures that certainly did not publish', () => {
    const retryable = ERROR_CLASSES.filter(isRetryable);
    expect(retryable).toEqual(['rate_limited', 'transient']);
  });

  it('waits within the backoff window, grows with attempts and never before the network’s reset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
        (attemptNumber, random, retryDelay) => {
          const now = 1_000_000;
          const at = nextAttemptAt({
            now,
            attemptNumber,
            random: () => random,
            retryAt: retryDelay === undefined ? undefined : now + retryDelay,
          });
          const ceiling = Math.min(
            DEFAULT_RETRY_POLICY.maxDelayMs,
            DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attemptNumber - 1),
          );
          expect(at).toBeGreaterThanOrEqual(now + DEFAULT_RETRY_POLICY.baseDelayMs / 2);
          if (retryDelay === undefined) expect(at).toBeLessThanOrEqual(now + ceiling);
          else expect(at).toBeGreaterThanOrEqual(now + retryDelay);
        },
      ),
    );
  });
});
