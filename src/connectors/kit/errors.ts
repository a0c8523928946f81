import type { ErrorClass } from '../../core/publication.js';

export interface ConnectorErrorOptions {
  /** The network's own words, kept so people see the real reason. */
  networkMessage?: string;
  /** HTTP status or the network's error code, for the attempt record. */
  status?: number;
  networkCode?: string;
  /** For `rate_limited` (and 503 with Retry-After): epoch ms when a retry may go. */
  retryAt?: number;
  cause?: unknown;
}

/** Every failure a connector raises: one of Crier's error classes plus the network's own answer. */
export class ConnectorError extends Error {
  readonly errorClass: ErrorClass;
  readonly networkMessage: string | undefined;
  readonly status: number | undefined;
  readonly networkCode: string | undefined;
  readonly retryAt: number | undefined;

  constructor(errorClass: ErrorClass, message: string, options: ConnectorErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConnectorError';
    this.errorClass = errorClass;
    this.networkMessage = options.networkMessage;
    this.status = options.status;
    this.networkCode = options.networkCode;
    this.retryAt = options.retryAt;
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/**
 * Classifies a failure of `fetch` itself (no HTTP answer). A refused connection or an unknown host
 * certainly did not publish; a reset or timeout after the request was sent might have.
 */
export function classifyFetchFailure(error: unknown, networkName: string): ConnectorError {
  const code = findErrorCode(error);
  const certainlyNotSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  if (certainlyNotSent) {
    return new ConnectorError('transient', `${networkName} could not be reached (${code})`, {
      networkMessage: code,
      cause: error,
    });
  }
  const description = code ?? (error instanceof Error ? error.name : 'network error');
  return new ConnectorError(
    'unknown_outcome',
    `${networkName} did not answer (${description}); the post may or may not have been published`,
    { networkMessage: description, cause: error },
  );
}

function findErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string') return code;
      if ((current as { name?: unknown }).name === 'TimeoutError') return 'ETIMEDOUT';
      current = (current as { cause?: unknown }).cause;
    } else {
      break;
    }
  }
  return undefined;
}

/** Parses Retry-After (seconds or an HTTP date) into epoch ms. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return now + seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}
