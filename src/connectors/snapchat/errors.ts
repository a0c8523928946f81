import { ConnectorError, parseRetryAfter } from '../kit/errors.js';

export const NETWORK_NAME = 'Snapchat';

/** Snap publishes no rate-limit headers for this API; without Retry-After, wait a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Snap's words from `{request_status: "ERROR", display_message, debug_message, error_code}` or an OAuth error. */
export function describeErrorBody(body: unknown): { message: string | undefined; code: string | undefined } {
  if (typeof body === 'string') return { message: body.trim().slice(0, 500) || undefined, code: undefined };
  const shaped = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof shaped[name] === 'string' ? (shaped[name] as string) : undefined);
  return {
    message: text('display_message') ?? text('debug_message') ?? text('error_description') ?? text('error'),
    code: text('error_code') ?? text('error'),
  };
}

/** An error answer means Snap refused: nothing was published. */
export function errorFromAnswer(
  answer: { status: number; headers: Headers; body: unknown; action: string },
  now: number,
): ConnectorError {
  const { status, action } = answer;
  const described = describeErrorBody(answer.body);
  const options = { status, networkMessage: described.message, networkCode: described.code };
  const said = described.message ? `: ${described.message}` : '';
  if (status === 401 || status === 403) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused the account's access while ${action}; connect it again${said}`,
      options,
    );
  }
  if (status === 429) {
    const retryAt = parseRetryAfter(answer.headers.get('retry-after'), now) ?? now + DEFAULT_RATE_LIMIT_WAIT_MS;
    return new ConnectorError('rate_limited', `${NETWORK_NAME} rate limit reached while ${action}`, {
      ...options,
      retryAt,
    });
  }
  if (status >= 400 && status < 500)
    return new ConnectorError('invalid_content', `${NETWORK_NAME} refused the request while ${action}${said}`, options);
  return new ConnectorError('transient', `${NETWORK_NAME} failed (${status}) while ${action}${said}`, {
    ...options,
    retryAt: parseRetryAfter(answer.headers.get('retry-after'), now),
  });
}
