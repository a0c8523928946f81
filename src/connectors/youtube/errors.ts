import { DateTime } from 'luxon';
import { ConnectorError, parseRetryAfter } from '../kit/errors.js';

export const NETWORK_NAME = 'YouTube';

/** YouTube names no reset for its per-minute limits; wait a minute. */
const RATE_LIMIT_WAIT_MS = 60_000;

/** Reasons that mean the daily quota (project or channel upload cap) is spent until midnight Pacific. */
const DAILY_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded', 'uploadLimitExceeded']);
/** Reasons that mean "slow down", gone within a minute. */
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'uploadRateLimitExceeded']);
/** Reasons that reconnecting with the right scopes (or account) can fix. */
const AUTH_REASONS = new Set(['insufficientPermissions', 'authError', 'forbidden', 'youtubeSignupRequired']);

export interface DescribedGoogleError {
  message: string | undefined;
  /** The first `errors[].reason` (`quotaExceeded`), or the OAuth error (`invalid_grant`). */
  reason: string | undefined;
}

/** Reads Google's words out of its JSON error body, or out of an OAuth token error. */
export function describeGoogleError(body: unknown): DescribedGoogleError {
  if (typeof body === 'string') return { message: body.trim().slice(0, 500) || undefined, reason: undefined };
  if (typeof body !== 'object' || body === null) return { message: undefined, reason: undefined };
  const error = (body as { error?: unknown; error_description?: unknown }).error;
  if (typeof error === 'string') {
    const description = (body as { error_description?: unknown }).error_description;
    return { message: typeof description === 'string' ? description : error, reason: error };
  }
  if (typeof error !== 'object' || error === null) return { message: undefined, reason: undefined };
  const shaped = error as { message?: unknown; errors?: Array<{ reason?: unknown; message?: unknown }> };
  const first = Array.isArray(shaped.errors) ? shaped.errors[0] : undefined;
  return {
    message: typeof shaped.message === 'string' ? stripHtml(shaped.message) : undefined,
    reason: typeof first?.reason === 'string' ? first.reason : undefined,
  };
}

function stripHtml(text: string): string {
  return text.replace(/<[^>]+>/g, '');
}

/** When YouTube's daily quota comes back: the next midnight, Pacific time. */
export function nextQuotaReset(now: number): number {
  return DateTime.fromMillis(now, { zone: 'America/Los_Angeles' }).startOf('day').plus({ days: 1 }).toMillis();
}

export interface ErrorAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  /** What Crier was doing: "uploading the video", "replying to the comment". */
  action: string;
}

/**
 * Turns an error answer from YouTube into Crier's error classes. An answer means YouTube refused the
 * request, so nothing was created: never `unknown_outcome` here.
 */
export function errorFromAnswer(answer: ErrorAnswer, now: number): ConnectorError {
  const { status, action } = answer;
  const described = describeGoogleError(answer.body);
  const reason = described.reason;
  const options = { status, networkMessage: described.message, networkCode: reason };
  const said = described.message ? `: ${described.message}` : '';

  if (reason && DAILY_REASONS.has(reason)) {
    return new ConnectorError(
      'rate_limited',
      `${NETWORK_NAME}'s daily quota is spent (${reason}) while ${action}; it comes back at midnight Pacific time`,
      { ...options, retryAt: nextQuotaReset(now) },
    );
  }
  if (status === 429 || (reason && RATE_REASONS.has(reason))) {
    const retryAt = parseRetryAfter(answer.headers.get('retry-after'), now) ?? now + RATE_LIMIT_WAIT_MS;
    return new ConnectorError('rate_limited', `${NETWORK_NAME} asked Crier to slow down while ${action}`, {
      ...options,
      retryAt,
    });
  }
  if (status === 401 || (status === 403 && reason && AUTH_REASONS.has(reason))) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused the account's access while ${action}${said}; connect the account again`,
      options,
    );
  }
  if (status >= 400 && status < 500) {
    return new ConnectorError('invalid_content', `${NETWORK_NAME} refused the request while ${action}${said}`, options);
  }
  return new ConnectorError('transient', `${NETWORK_NAME} failed (${status}) while ${action}${said}`, {
    ...options,
    retryAt: parseRetryAfter(answer.headers.get('retry-after'), now),
  });
}
