import { XRPCError } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { isTokenError, toConnectorError } from './errors.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('toConnectorError', () => {
  it('keeps the network words of an invalid record', () => {
    const error = toConnectorError(
      new XRPCError(400, 'InvalidRequest', 'Invalid app.bsky.feed.post record'),
      'publishing',
    );
    expect(error).toMatchObject({
      errorClass: 'invalid_content',
      networkCode: 'InvalidRequest',
      networkMessage: 'Invalid app.bsky.feed.post record',
      status: 400,
    });
  });

  it('sends people to reconnect on refused tokens and passwords', () => {
    for (const [status, name] of [
      [400, 'ExpiredToken'],
      [400, 'InvalidToken'],
      [401, 'AuthenticationRequired'],
      [400, 'AccountTakedown'],
    ] as const) {
      expect(toConnectorError(new XRPCError(status, name, 'no'), 'publishing').errorClass).toBe('auth');
    }
  });

  it('reads the reset time of a rate limit from RateLimit-Reset (epoch seconds)', () => {
    const reset = NOW / 1000 + 120;
    const error = toConnectorError(
      new XRPCError(429, 'RateLimitExceeded', 'Rate Limit Exceeded', { 'ratelimit-reset': String(reset) }),
      'publishing',
      NOW,
    );
    expect(error).toMatchObject({ errorClass: 'rate_limited', retryAt: reset * 1000 });
  });

  it('falls back to Retry-After when there is no RateLimit-Reset', () => {
    const error = toConnectorError(
      new XRPCError(429, undefined, undefined, { 'retry-after': '30' }),
      'publishing',
      NOW,
    );
    expect(error.retryAt).toBe(NOW + 30_000);
  });

  it('treats server errors as transient', () => {
    expect(toConnectorError(new XRPCError(502, 'UpstreamFailure', 'bad gateway'), 'publishing').errorClass).toBe(
      'transient',
    );
  });

  it('classifies failures without an HTTP answer by their cause', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(toConnectorError(XRPCError.from(refused), 'publishing').errorClass).toBe('transient');
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(toConnectorError(XRPCError.from(timedOut), 'publishing').errorClass).toBe('unknown_outcome');
  });
});

describe('isTokenError', () => {
  it('knows an expired token from other refusals', () => {
    expect(isTokenError(new XRPCError(400, 'ExpiredToken', 'Token has expired'))).toBe(true);
    expect(isTokenError(new XRPCError(400, 'InvalidRequest', 'bad record'))).toBe(false);
  });
});
