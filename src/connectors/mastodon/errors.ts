import { MastoHttpError, MastoTimeoutError } from 'masto';
import { ConnectorError, classifyFetchFailure, isConnectorError, parseRetryAfter } from '../kit/errors.js';

export const NETWORK_NAME = 'Mastodon';

/** Mastodon's window is 5 minutes; when an answer names no reset, wait one window. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 5 * 60_000;

/** When a throttled call may go again: X-RateLimit-Reset is an ISO-8601 time on Mastodon, not epoch seconds. */
export function rateLimitRetryAt(headers: Headers | undefined, now: number): number {
  const reset = Date.parse(headers?.get('x-ratelimit-reset') ?? '');
  if (Number.isFinite(reset)) return reset;
  return parseRetryAfter(headers?.get('retry-after') ?? null, now) ?? now + DEFAULT_RATE_LIMIT_WAIT_MS;
}

export interface MastodonAnswer {
  status: number;
  headers: Headers | undefined;
  /** The `error` (and `error_description`) of Mastodon's body. */
  message: string | undefined;
}

/**
 * Turns an error answer into Crier's classes. An answer means the instance refused the request, so
 * nothing was published: never `unknown_outcome` here.
 */
export function errorFromAnswer(answer: MastodonAnswer, action: string, now: number): ConnectorError {
  const { status, message } = answer;
  const options = { status, networkMessage: message };
  const said = message ? `: ${message}` : '';
  if (status === 401) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused the account's token while ${action}; connect it again${said}`,
      options,
    );
  }
  if (status === 403) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} does not allow this app to do that while ${action}; connect the account again${said}`,
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
    retryAt: parseRetryAfter(answer.headers?.get('retry-after') ?? null, now),
  });
}

/**
 * Classifies anything a masto call or a fetch threw. A timeout may have published (the request was
 * sent); a refused connection did not.
 */
export function classifyFailure(error: unknown, action: string, now: number): ConnectorError {
  if (isConnectorError(error)) return error;
  if (error instanceof MastoHttpError) {
    const cause = (error as { cause?: unknown }).cause;
    const headers = cause instanceof Response ? cause.headers : undefined;
    const message = [error.message, error.description].filter(Boolean).join(' — ') || undefined;
    return errorFromAnswer({ status: error.statusCode, headers, message }, action, now);
  }
  if (error instanceof MastoTimeoutError) {
    return new ConnectorError(
      'unknown_outcome',
      `${NETWORK_NAME} did not answer in time while ${action}; it may have gone through`,
      {
        networkMessage: error.message,
        cause: error,
      },
    );
  }
  return classifyFetchFailure(error, NETWORK_NAME);
}

/** Steps before the status exists (uploads, reads): whatever happened, nothing was published. */
export function nothingPublished(error: ConnectorError): ConnectorError {
  if (error.errorClass !== 'unknown_outcome') return error;
  return new ConnectorError(
    'transient',
    `${error.message.replace(/; it may have gone through$/, '')}; nothing was published`,
    {
      networkMessage: error.networkMessage,
      cause: error,
    },
  );
}
