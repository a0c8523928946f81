import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { errorFromAnswer, NETWORK_NAME } from './errors.js';

export interface XTransport {
  apiBaseUrl: string;
  fetch: typeof fetch;
  /** Time limit of each call, body included. */
  timeoutMs: number;
  now: () => number;
}

export interface XCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under the API base, e.g. `/2/tweets`. */
  path: string;
  accessToken: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  /** What Crier is doing, for error messages: "publishing the post". */
  action: string;
}

export interface XAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * One authorized call to the X API. Success answers come back parsed; error answers and failures of
 * the connection itself are thrown as ConnectorError, already classified.
 */
export async function callX(transport: XTransport, call: XCall): Promise<XAnswer> {
  // Joined as text, so a base URL with a path of its own (a proxy, a mounted sandbox) keeps it.
  const url = new URL(`${transport.apiBaseUrl.replace(/\/$/, '')}${call.path}`);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { authorization: `Bearer ${call.accessToken}`, accept: 'application/json' };
  let body: string | FormData | undefined;
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.form) {
    body = call.form; // fetch writes the multipart boundary itself
  }

  let answer: XAnswer;
  try {
    const response = await transport.fetch(url, {
      method: call.method,
      headers,
      body,
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
    answer = { status: response.status, headers: response.headers, body: await readBody(response) };
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw classifyFetchFailure(error, NETWORK_NAME);
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw errorFromAnswer({ ...answer, action: call.action }, transport.now());
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Proxies and outages answer with HTML; keep the text so people see what came back.
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}

/**
 * Runs steps that come before the post exists (uploads, alt text, token refresh). Whatever happens
 * to them, nothing was published, so an unknown outcome is only a transient failure here.
 */
export async function beforePublishing<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} did not answer (${error.networkMessage ?? 'no answer'}) before the post was sent; nothing was published`,
        { networkMessage: error.networkMessage, cause: error },
      );
    }
    throw error;
  }
}

/** Reads `data.<field>` as a string from a success answer, or undefined when the body is not shaped so. */
export function dataField(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
