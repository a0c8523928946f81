import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './credentials.js';

/** LinkedIn's error bodies (linkedin.md, Errors and limits). */
interface LinkedInErrorBody {
  status?: unknown;
  serviceErrorCode?: unknown;
  code?: unknown;
  message?: unknown;
  errorDetails?: { inputErrors?: Array<{ code?: unknown; description?: unknown }> };
}

export interface DescribedLinkedInError {
  message: string | undefined;
  /** `DUPLICATE_POST`, `ACCESS_DENIED`, `EXPIRED_ACCESS_TOKEN`… */
  code: string | undefined;
}

export function describeLinkedInError(body: unknown): DescribedLinkedInError {
  if (typeof body === 'string') return { message: body.trim().slice(0, 300) || undefined, code: undefined };
  if (typeof body !== 'object' || body === null) return { message: undefined, code: undefined };
  const shaped = body as LinkedInErrorBody;
  const inputs = shaped.errorDetails?.inputErrors ?? [];
  const details = inputs
    .map((input) => (typeof input.description === 'string' ? input.description : undefined))
    .filter(Boolean);
  const message = typeof shaped.message === 'string' ? shaped.message : undefined;
  const code =
    typeof inputs[0]?.code === 'string' ? inputs[0].code : typeof shaped.code === 'string' ? shaped.code : undefined;
  const words = [message, ...details].filter((part, index, all) => part && all.indexOf(part) === index).join(': ');
  return { message: words || undefined, code };
}

/**
 * LinkedIn's throttles reset at midnight UTC and it says nothing of when (no headers, no
 * Retry-After): a throttled call may go again at the next UTC midnight.
 */
export function nextUtcMidnight(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

/**
 * Turns an error answer into Crier's classes. An answer means LinkedIn refused the call, so none of
 * these is `unknown_outcome`.
 */
export function errorFromLinkedIn(input: {
  status: number;
  body: unknown;
  action: string;
  now: number;
}): ConnectorError {
  const { status, action } = input;
  const described = describeLinkedInError(input.body);
  const options = { status, networkMessage: described.message, networkCode: described.code };
  const said = described.message ? `: ${described.message}` : '';
  if (status === 401) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} no longer accepts the account's access while ${action}; connect it again${said}`,
      options,
    );
  }
  if (status === 403) {
    return new ConnectorError(
      'auth',
      `${NETWORK_NAME} refused a permission while ${action}: connect the account again, granting every permission, as an administrator of the page${said}`,
      options,
    );
  }
  if (status === 429) {
    return new ConnectorError(
      'rate_limited',
      `${NETWORK_NAME}'s daily limit was reached while ${action}; it resets at midnight UTC`,
      {
        ...options,
        retryAt: nextUtcMidnight(input.now),
      },
    );
  }
  if (status === 426) {
    return new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} no longer serves the API version Crier asked for (set LINKEDIN_API_VERSION)${said}`,
      options,
    );
  }
  if (described.code === 'DUPLICATE_POST') {
    return new ConnectorError('invalid_content', `${NETWORK_NAME} refused the post as a duplicate${said}`, options);
  }
  if (status >= 400 && status < 500) {
    return new ConnectorError('invalid_content', `${NETWORK_NAME} refused the request while ${action}${said}`, options);
  }
  return new ConnectorError('transient', `${NETWORK_NAME} failed (${status}) while ${action}${said}`, options);
}
