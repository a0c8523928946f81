import { ConnectorError, parseRetryAfter } from '../kit/errors.js';

export const NETWORK_NAME = 'TikTok';

/** TikTok's limits run per minute; a refused call may go again after one. */
const RATE_LIMIT_WAIT_MS = 60_000;
/** The daily post cap counts the last 24 hours; try again in an hour rather than give up. */
const DAILY_CAP_WAIT_MS = 3600_000;

/** Codes that reconnecting (with the scopes Crier asks for) fixes. */
const AUTH_CODES = new Set([
  'access_token_invalid',
  'scope_not_authorized',
  'scope_permission_missed',
  'invalid_grant',
]);

export interface DescribedTikTokError {
  code: string | undefined;
  message: string | undefined;
  logId: string | undefined;
}

/** Reads TikTok's words from `{"error":{"code","message","log_id"}}` or an OAuth error body. */
export function describeTikTokError(body: unknown): DescribedTikTokError {
  if (typeof body === 'string')
    return { code: undefined, message: body.trim().slice(0, 500) || undefined, logId: undefined };
  if (typeof body !== 'object' || body === null) return { code: undefined, message: undefined, logId: undefined };
  const shaped = body as { error?: unknown; error_description?: unknown; log_id?: unknown };
  if (typeof shaped.error === 'string') {
    return {
      code: shaped.error,
      message: typeof shaped.error_description === 'string' ? shaped.error_description : shaped.error,
      logId: typeof shaped.log_id === 'string' ? shaped.log_id : undefined,
    };
  }
  const error = shaped.error as { code?: unknown; message?: unknown; log_id?: unknown } | undefined;
  return {
    code: typeof error?.code === 'string' ? error.code : undefined,
    message: typeof error?.message === 'string' && error.message !== '' ? error.message : undefined,
    logId: typeof error?.log_id === 'string' ? error.log_id : undefined,
  };
}

export interface ErrorAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  action: string;
}

/**
 * Turns an error answer from TikTok into Crier's error classes. An answer means TikTok refused the
 * request, so nothing was posted by it: never `unknown_outcome` here.
 */
export function errorFromAnswer(answer: ErrorAnswer, now: number): ConnectorError {
  const { status, action } = answer;
  const described = describeTikTokError(answer.body);
  const code = described.code;
  const options = { status, networkMessage: described.message, networkCode: code };
  const said = described.message ? `: ${described.message}` : '';
  const logged = described.logId ? ` (log id ${described.logId})` : '';

  if (status === 401 || (code && AUTH_CODES.has(code))) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused the account's access while ${action}${said}; connect the account again`,
      options,
    );
  }
  if (status === 429 || code === 'rate_limit_exceeded') {
    const retryAt = parseRetryAfter(answer.headers.get('retry-after'), now) ?? now + RATE_LIMIT_WAIT_MS;
    return new ConnectorError('rate_limited', `${NETWORK_NAME} asked Crier to slow down while ${action}`, {
      ...options,
      retryAt,
    });
  }
  if (code === 'spam_risk_too_many_posts') {
    return new ConnectorError(
      'rate_limited',
      `${NETWORK_NAME} allows this account no more posts through apps for now${said}`,
      {
        ...options,
        retryAt: now + DAILY_CAP_WAIT_MS,
      },
    );
  }
  if (status >= 400 && status < 500) {
    return new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} refused the post while ${action}${said}${logged}`,
      options,
    );
  }
  return new ConnectorError('transient', `${NETWORK_NAME} failed (${status}) while ${action}${said}${logged}`, {
    ...options,
    retryAt: parseRetryAfter(answer.headers.get('retry-after'), now),
  });
}

/**
 * What a `fail_reason` means for Crier. TikTok's own word is always kept; these are the reasons a
 * retry can fix (its side, or the pull of a file) rather than the content.
 */
const TRANSIENT_FAIL_REASONS = new Set(['internal', 'video_pull_failed', 'photo_pull_failed']);
const FAIL_REASON_WORDS: Record<string, string> = {
  file_format_check_failed: 'the file is not a format TikTok takes',
  duration_check_failed: 'the video is too long or too short for this account',
  frame_rate_check_failed: 'the frame rate is outside what TikTok takes',
  picture_size_check_failed: 'the picture size is outside what TikTok takes',
  internal: 'TikTok had an internal problem',
  video_pull_failed: 'TikTok could not fetch the video from its URL',
  photo_pull_failed: 'TikTok could not fetch a photo from its URL',
  publish_cancelled: 'the post was cancelled',
  auth_removed: 'the account removed Crier’s access',
  spam_risk_too_many_posts: 'the account posted too often',
  spam_risk_user_banned_from_posting: 'the account may not post for now',
  spam_risk_text: 'TikTok flagged the caption',
  spam_risk: 'TikTok flagged the post as a spam risk',
};

/** A post TikTok reports as FAILED, with its `fail_reason`. */
export function failedPost(failReason: string, publishId: string, now: number): ConnectorError {
  const words = FAIL_REASON_WORDS[failReason];
  const message = `${NETWORK_NAME} did not publish the post: ${words ? `${words} (${failReason})` : failReason}`;
  const options = { networkCode: failReason, networkMessage: `${failReason} (publish id ${publishId})` };
  if (failReason === 'auth_removed') return new ConnectorError('auth', message, options);
  if (failReason === 'spam_risk_too_many_posts')
    return new ConnectorError('rate_limited', message, { ...options, retryAt: now + DAILY_CAP_WAIT_MS });
  return new ConnectorError(TRANSIENT_FAIL_REASONS.has(failReason) ? 'transient' : 'invalid_content', message, options);
}
