import { XRPCError } from '@atproto/api';
import { ConnectorError, classifyFetchFailure, parseRetryAfter } from '../kit/errors.js';

export const NETWORK_NAME = 'Bluesky';

/**
 * The XRPC client's status for a call that got no HTTP answer (a fetch failure or timeout), and for an
 * answer that did not match the lexicon: ResponseType.Unknown and .InvalidResponse in @atproto/xrpc.
 */
const NO_ANSWER = 1;
const UNREADABLE_ANSWER = 2;

/** XRPC error names that mean the session itself is no good (see the PDS auth verifier). */
const TOKEN_ERRORS = new Set(['ExpiredToken', 'InvalidToken']);
/** Error names that need a person: a new app password, or an account that is no longer active. */
const ACCOUNT_ERRORS = new Set([
  'AuthenticationRequired',
  'AuthFactorTokenRequired',
  'AccountTakedown',
  'AccountDeactivated',
  'AccountSuspended',
]);

/** True when a call failed because the access token expired or was refused: a refresh may fix it. */
export function isTokenError(error: unknown): boolean {
  if (!(error instanceof XRPCError)) return false;
  return TOKEN_ERRORS.has(error.error) || error.status === 401;
}

/** True when the PDS answered that something (a record, a handle) does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof XRPCError && (error.error === 'RecordNotFound' || error.error === 'NotFound');
}

/**
 * Turns anything a Bluesky call threw into a ConnectorError. `action` says what was being done, for
 * the message people read ("publishing", "logging in").
 */
export function toConnectorError(error: unknown, action: string, now: number = Date.now()): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (!(error instanceof XRPCError)) return classifyFetchFailure(error, NETWORK_NAME);

  const status = error.status;
  const name = error.error;
  const networkMessage = error.message;
  const base = { networkMessage, networkCode: name, status, cause: error };

  if (status === NO_ANSWER) {
    // No HTTP answer at all: the XRPC client wrapped a fetch failure or a timeout.
    return classifyFetchFailure(error.cause ?? error, NETWORK_NAME);
  }
  if (status === UNREADABLE_ANSWER) {
    return new ConnectorError(
      'unknown_outcome',
      `${NETWORK_NAME} gave an answer Crier could not read while ${action}; it may have gone through`,
      base,
    );
  }
  if (TOKEN_ERRORS.has(name) || ACCOUNT_ERRORS.has(name) || status === 401 || status === 403) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused the account's credentials while ${action}: ${networkMessage}`,
      base,
    );
  }
  if (status === 429 || name === 'RateLimitExceeded') {
    return new ConnectorError('rate_limited', `${NETWORK_NAME} asked Crier to slow down while ${action}`, {
      ...base,
      retryAt: rateLimitResetAt(error.headers, now),
    });
  }
  if (status >= 500) {
    return new ConnectorError(
      'transient',
      `${NETWORK_NAME} had a server error while ${action}: ${networkMessage}`,
      base,
    );
  }
  return new ConnectorError('invalid_content', `${NETWORK_NAME} refused this while ${action}: ${networkMessage}`, base);
}

/** RateLimit-Reset is epoch seconds on the PDS; Retry-After (seconds or a date) is a fallback. */
function rateLimitResetAt(headers: Record<string, string | undefined> | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const reset = Number(lower['ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return reset * 1000;
  return parseRetryAfter(lower['retry-after'] ?? null, now);
}
