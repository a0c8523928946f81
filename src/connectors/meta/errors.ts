import { ConnectorError } from '../kit/errors.js';

/** Meta's error envelope: `{"error":{"message","type","code","error_subcode","error_user_msg","is_transient","fbtrace_id"}}`. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

export function graphErrorOf(body: unknown): GraphErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as GraphErrorBody) : undefined;
}

/** Throttling codes (facebook.md "Errors and limits"): app, user, Page, custom, and the business use cases. */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);
/** When Meta names no time to regain access, wait this long: its usage windows roll over an hour. */
const DEFAULT_THROTTLE_WAIT_MS = 15 * 60_000;
/** The Instagram publishing quota is counted over a rolling day. */
const PUBLISHING_QUOTA_WAIT_MS = 60 * 60_000;

export interface GraphErrorAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  /** What Crier was doing: "publishing the post". */
  action: string;
  networkName: string;
}

/**
 * Turns a Graph error answer into Crier's classes. Meta answers almost everything with HTTP 400, so
 * the class comes from `error.code` (and the subcode), not the status. An error answer means the call
 * was refused, so nothing here is `unknown_outcome`.
 */
export function errorFromGraph(answer: GraphErrorAnswer, now: number): ConnectorError {
  const { status, headers, action, networkName } = answer;
  const error = graphErrorOf(answer.body);
  const words =
    error?.error_user_msg ??
    error?.message ??
    (typeof answer.body === 'string' ? answer.body.slice(0, 300) : undefined);
  const code = error?.code;
  const networkCode =
    code === undefined ? undefined : error?.error_subcode ? `${code}/${error.error_subcode}` : String(code);
  const options = { status, networkMessage: words, networkCode };
  const said = words ? `: ${words}` : '';

  if (code === 190 || code === 102 || code === 104) {
    return new ConnectorError(
      'auth',
      `${networkName} no longer accepts the account's access (${action}); connect it again${said}`,
      options,
    );
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new ConnectorError(
      'auth',
      `${networkName} refused a permission while ${action}; connect the account again and grant every permission Crier asks for${said}`,
      options,
    );
  }
  if (code === 9 && error?.error_subcode === 2207042) {
    return new ConnectorError('rate_limited', `${networkName} publishing limit reached while ${action}`, {
      ...options,
      retryAt: now + PUBLISHING_QUOTA_WAIT_MS,
    });
  }
  if (code !== undefined && THROTTLE_CODES.has(code)) {
    return new ConnectorError('rate_limited', `${networkName} rate limit reached while ${action}`, {
      ...options,
      retryAt: throttleRetryAt(headers, now),
    });
  }
  if (status >= 500 || code === 1 || code === 2 || error?.is_transient === true || error === undefined) {
    return new ConnectorError('transient', `${networkName} failed (${status}) while ${action}${said}`, options);
  }
  return new ConnectorError('invalid_content', `${networkName} refused the request while ${action}${said}`, options);
}

/**
 * When a throttled call may go again: the longest `estimated_time_to_regain_access` (minutes) in
 * `x-business-use-case-usage`, else a default wait.
 */
export function throttleRetryAt(headers: Headers, now: number): number {
  const raw = headers.get('x-business-use-case-usage');
  let minutes = 0;
  if (raw) {
    try {
      const usage = JSON.parse(raw) as Record<string, Array<{ estimated_time_to_regain_access?: unknown }>>;
      for (const entries of Object.values(usage)) {
        for (const entry of Array.isArray(entries) ? entries : []) {
          const value = Number(entry.estimated_time_to_regain_access);
          if (Number.isFinite(value)) minutes = Math.max(minutes, value);
        }
      }
    } catch (failure) {
      // A header Crier cannot read only costs the precise time; the default wait still applies.
      if (!(failure instanceof SyntaxError)) throw failure;
    }
  }
  return now + (minutes > 0 ? minutes * 60_000 : DEFAULT_THROTTLE_WAIT_MS);
}

/** True for a refused token (code 190), which a fresh Page token may cure. */
export function isTokenRefusal(error: unknown): boolean {
  return (
    error instanceof ConnectorError && error.errorClass === 'auth' && (error.networkCode ?? '').split('/')[0] === '190'
  );
}
