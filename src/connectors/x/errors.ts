import { ConnectorError, parseRetryAfter } from '../kit/errors.js';

export const NETWORK_NAME = 'X';

/** X's rate-limit windows are 15 minutes; when an answer names no reset, wait one window. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60_000;

/** Problem kinds meaning the app or the token's grant is not allowed, which reconnecting can fix. */
const AUTHORIZATION_KINDS = new Set(['client-forbidden', 'unsupported-authentication']);

/** What X's error bodies come as: a v2 problem, a v1 `errors[]`, or an OAuth 2.0 error. */
interface ErrorBody {
  type?: unknown;
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
  error?: unknown;
  error_description?: unknown;
}

export interface DescribedError {
  /** X's own words, as precise as the body allows. */
  message: string | undefined;
  /** Problem kind (`invalid-request`, `about:blank`), v1 code (`88`) or OAuth error (`invalid_grant`). */
  code: string | undefined;
}

/** Reads X's words out of any of its error shapes. */
export function describeErrorBody(body: unknown): DescribedError {
  if (typeof body === 'string') return { message: body.trim().slice(0, 500) || undefined, code: undefined };
  if (typeof body !== 'object' || body === null) return { message: undefined, code: undefined };
  const shaped = body as ErrorBody;
  if (typeof shaped.error === 'string') {
    const description = typeof shaped.error_description === 'string' ? shaped.error_description : undefined;
    return { message: description ?? shaped.error, code: shaped.error };
  }
  const entries = Array.isArray(shaped.errors) ? (shaped.errors as Array<Record<string, unknown>>) : [];
  const entryMessages = entries
    .map((entry) => (typeof entry.message === 'string' ? entry.message : undefined))
    .filter((message) => message !== undefined);
  if (typeof shaped.type === 'string') {
    const detail = typeof shaped.detail === 'string' ? shaped.detail : String(shaped.title ?? '');
    const message = entryMessages.length > 0 ? `${detail} (${entryMessages.join('; ')})` : detail;
    return { message, code: problemKind(shaped.type) };
  }
  const firstCode = entries[0]?.code;
  return {
    message: entryMessages.join('; ') || undefined,
    code: typeof firstCode === 'number' || typeof firstCode === 'string' ? String(firstCode) : undefined,
  };
}

function problemKind(type: string): string {
  return type.startsWith('https://api.x.com/2/problems/') ? type.slice('https://api.x.com/2/problems/'.length) : type;
}

/**
 * When a rate-limited call may go again, in epoch ms: the latest reset among the windows that are
 * exhausted (15-minute, then the 24-hour user and app caps), else Retry-After, else one window.
 */
export function rateLimitRetryAt(headers: Headers, now: number): number {
  const resets: number[] = [];
  const windows = [
    ['x-rate-limit-remaining', 'x-rate-limit-reset'],
    ['x-user-limit-24hour-remaining', 'x-user-limit-24hour-reset'],
    ['x-app-limit-24hour-remaining', 'x-app-limit-24hour-reset'],
  ] as const;
  for (const [remainingHeader, resetHeader] of windows) {
    const reset = Number(headers.get(resetHeader));
    const remaining = headers.get(remainingHeader);
    if (Number.isFinite(reset) && reset > 0 && (remaining === null || Number(remaining) === 0))
      resets.push(reset * 1000);
  }
  if (resets.length > 0) return Math.max(...resets);
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  return retryAfter ?? now + DEFAULT_RATE_LIMIT_WAIT_MS;
}

export interface ErrorAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  /** What Crier was doing, for the message: "publishing the post", "uploading image 2". */
  action: string;
}

/**
 * Turns an error answer from X into Crier's error classes. An error answer means X refused the
 * request, so nothing was published: the classes here are never `unknown_outcome`.
 */
export function errorFromAnswer(answer: ErrorAnswer, now: number): ConnectorError {
  const { status, headers, action } = answer;
  const described = describeErrorBody(answer.body);
  const options = { status, networkMessage: described.message, networkCode: described.code };
  const said = described.message ? `: ${described.message}` : '';

  if (status === 401) {
    return new ConnectorError('auth', `${NETWORK_NAME} refused the account's access while ${action}${said}`, options);
  }
  if (status === 429) {
    const retryAt = rateLimitRetryAt(headers, now);
    return new ConnectorError('rate_limited', `${NETWORK_NAME} rate limit reached while ${action}`, {
      ...options,
      retryAt,
    });
  }
  if (status === 403 && described.code && AUTHORIZATION_KINDS.has(described.code)) {
    return new ConnectorError('auth', `${NETWORK_NAME} does not allow this app or account to do it${said}`, options);
  }
  if (status >= 400 && status < 500) {
    return new ConnectorError('invalid_content', `${NETWORK_NAME} refused the request while ${action}${said}`, options);
  }
  const retryAt = parseRetryAfter(headers.get('retry-after'), now);
  return new ConnectorError('transient', `${NETWORK_NAME} failed (${status}) while ${action}${said}`, {
    ...options,
    retryAt,
  });
}
