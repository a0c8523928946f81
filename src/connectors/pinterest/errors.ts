import { ConnectorError, parseRetryAfter } from '../kit/errors.js';

export const NETWORK_NAME = 'Pinterest';

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * When a throttled call may go again: Retry-After when sent, else x-ratelimit-reset read as seconds
 * from now (or epoch seconds when it is that large; Pinterest does not document the unit), else a minute.
 */
export function rateLimitRetryAt(headers: Headers, now: number): number {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return reset > 1_000_000_000 ? reset * 1000 : now + reset * 1000;
  return now + DEFAULT_RATE_LIMIT_WAIT_MS;
}

/** Pinterest's words out of `{code, message}` (or an OAuth `{error, error_description}`). */
export function describeErrorBody(body: unknown): { message: string | undefined; code: string | undefined } {
  if (typeof body === 'string') return { message: body.trim().slice(0, 500) || undefined, code: undefined };
  const shaped = (body ?? {}) as { code?: unknown; message?: unknown; error?: unknown; error_description?: unknown };
  if (typeof shaped.error === 'string') {
    return {
      message: typeof shaped.error_description === 'string' ? shaped.error_description : shaped.error,
      code: shaped.error,
    };
  }
  return {
    message: typeof shaped.message === 'string' ? shaped.message : undefined,
    code: typeof shaped.code === 'number' || typeof shaped.code === 'string' ? String(shaped.code) : undefined,
  };
}

export interface ErrorAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  action: string;
}

/** An error answer means Pinterest refused: nothing was published, so never `unknown_outcome`. */
export function errorFromAnswer(answer: ErrorAnswer, now: number): ConnectorError {
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
    return new ConnectorError('rate_limited', `${NETWORK_NAME} rate limit reached while ${action}`, {
      ...options,
      retryAt: rateLimitRetryAt(answer.headers, now),
    });
  }
  if (status >= 400 && status < 500) {
    return new ConnectorError('invalid_content', `${NETWORK_NAME} refused the request while ${action}${said}`, options);
  }
  return new ConnectorError('transient', `${NETWORK_NAME} failed (${status}) while ${action}${said}`, {
    ...options,
    retryAt: parseRetryAfter(answer.headers.get('retry-after'), now),
  });
}
