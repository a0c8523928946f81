import { describe, expect, it } from 'vitest';
import { describeErrorBody, errorFromAnswer, rateLimitRetryAt } from './errors.js';

const NOW = Date.parse('2026-05-01T10:00:00Z');

describe('describeErrorBody', () => {
  it('reads v2 problems, folding errors[] into the detail', () => {
    const described = describeErrorBody({
      type: 'https://api.x.com/2/problems/invalid-request',
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      errors: [{ message: '$.text: must be string' }],
    });
    expect(described).toEqual({
      code: 'invalid-request',
      message: 'One or more parameters to your request was invalid. ($.text: must be string)',
    });
  });

  it('reads v1 errors, OAuth errors and plain text', () => {
    expect(describeErrorBody({ errors: [{ code: 88, message: 'Rate limit exceeded' }] })).toEqual({
      code: '88',
      message: 'Rate limit exceeded',
    });
    expect(describeErrorBody({ error: 'invalid_grant', error_description: 'Value passed was invalid.' })).toEqual({
      code: 'invalid_grant',
      message: 'Value passed was invalid.',
    });
    expect(describeErrorBody('<html>Bad gateway</html>').message).toBe('<html>Bad gateway</html>');
    expect(describeErrorBody(undefined)).toEqual({ code: undefined, message: undefined });
  });
});

describe('rateLimitRetryAt', () => {
  it('takes the latest reset among exhausted windows, including the 24-hour caps', () => {
    const headers = new Headers({
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(NOW / 1000 + 900),
      'x-user-limit-24hour-remaining': '0',
      'x-user-limit-24hour-reset': String(NOW / 1000 + 20_000),
      'x-app-limit-24hour-remaining': '5000',
      'x-app-limit-24hour-reset': String(NOW / 1000 + 80_000),
    });
    expect(rateLimitRetryAt(headers, NOW)).toBe(NOW + 20_000_000);
  });

  it('falls back to Retry-After, then to one 15-minute window', () => {
    expect(rateLimitRetryAt(new Headers({ 'retry-after': '30' }), NOW)).toBe(NOW + 30_000);
    expect(rateLimitRetryAt(new Headers(), NOW)).toBe(NOW + 15 * 60_000);
  });
});

describe('errorFromAnswer', () => {
  const answer = (status: number, body: unknown) => ({ status, headers: new Headers(), body, action: 'testing' });

  it('sends missing scopes and forbidden clients to reconnect, other refusals to invalid_content', () => {
    const scopes = errorFromAnswer(
      answer(403, { type: 'https://api.x.com/2/problems/client-forbidden', title: 'Client Forbidden', detail: 'no' }),
      NOW,
    );
    expect(scopes.errorClass).toBe('auth');
    const tooLong = errorFromAnswer(answer(403, { type: 'about:blank', title: 'Forbidden', detail: 'too long' }), NOW);
    expect(tooLong).toMatchObject({
      errorClass: 'invalid_content',
      networkMessage: 'too long',
      networkCode: 'about:blank',
    });
  });

  it('treats server errors as transient with Retry-After when given', () => {
    const error = errorFromAnswer(
      { status: 503, headers: new Headers({ 'retry-after': '120' }), body: undefined, action: 'testing' },
      NOW,
    );
    expect(error).toMatchObject({ errorClass: 'transient', status: 503, retryAt: NOW + 120_000 });
  });
});
