import { describe, expect, it } from 'vitest';
import { errorFromGraph, isTokenRefusal, throttleRetryAt } from './errors.js';

const NOW = 1_800_000_000_000;
const answer = (error: Record<string, unknown>, status = 400, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body: { error },
  action: 'publishing the post',
  networkName: 'Facebook',
});

describe('errorFromGraph', () => {
  it('reads the class from error.code, not the HTTP status', () => {
    expect(
      errorFromGraph(answer({ code: 190, error_subcode: 463, message: 'Session has expired' }), NOW),
    ).toMatchObject({ errorClass: 'auth', networkCode: '190/463' });
    expect(errorFromGraph(answer({ code: 200, message: '(#200) permission' }, 403), NOW).errorClass).toBe('auth');
    expect(errorFromGraph(answer({ code: 10, message: '(#10) permission' }), NOW).errorClass).toBe('auth');
    expect(
      errorFromGraph(
        answer({ code: 506, message: 'Duplicate status message', error_user_msg: 'This status update is identical' }),
        NOW,
      ),
    ).toMatchObject({
      errorClass: 'invalid_content',
      networkMessage: 'This status update is identical',
    });
    expect(errorFromGraph(answer({ code: 100, message: '(#100) Invalid parameter' }), NOW).errorClass).toBe(
      'invalid_content',
    );
  });

  it('maps throttling codes to rate_limited with the time to regain access', () => {
    const usage = JSON.stringify({ '123': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 12 }] });
    const throttled = errorFromGraph(
      answer({ code: 80001, message: 'too many calls' }, 400, { 'x-business-use-case-usage': usage }),
      NOW,
    );
    expect(throttled).toMatchObject({ errorClass: 'rate_limited', retryAt: NOW + 12 * 60_000 });
    for (const code of [4, 17, 32, 613, 80002])
      expect(errorFromGraph(answer({ code }), NOW).errorClass).toBe('rate_limited');
    expect(errorFromGraph(answer({ code: 9, error_subcode: 2207042 }), NOW)).toMatchObject({
      errorClass: 'rate_limited',
      retryAt: NOW + 60 * 60_000,
    });
  });

  it('treats 5xx, codes 1 and 2, is_transient and bodies without an envelope as transient', () => {
    expect(errorFromGraph(answer({ code: 2, is_transient: true }, 500), NOW).errorClass).toBe('transient');
    expect(errorFromGraph(answer({ code: 1, message: 'An unknown error occurred' }), NOW).errorClass).toBe('transient');
    expect(
      errorFromGraph(
        { status: 502, headers: new Headers(), body: '<html>Bad gateway</html>', action: 'x', networkName: 'Facebook' },
        NOW,
      ),
    ).toMatchObject({
      errorClass: 'transient',
      networkMessage: '<html>Bad gateway</html>',
    });
  });

  it('waits a default time when the usage header is missing or unreadable', () => {
    expect(throttleRetryAt(new Headers(), NOW)).toBe(NOW + 15 * 60_000);
    expect(throttleRetryAt(new Headers({ 'x-business-use-case-usage': 'not json' }), NOW)).toBe(NOW + 15 * 60_000);
  });

  it('recognises a refused token, which a new Page token may cure', () => {
    expect(isTokenRefusal(errorFromGraph(answer({ code: 190, error_subcode: 463 }), NOW))).toBe(true);
    expect(isTokenRefusal(errorFromGraph(answer({ code: 200 }), NOW))).toBe(false);
  });
});
