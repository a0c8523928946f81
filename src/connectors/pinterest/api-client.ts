import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { errorFromAnswer, NETWORK_NAME } from './errors.js';

export interface PinterestTransport {
  /** `https://api.pinterest.com/v5`. */
  apiBaseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export interface PinterestCall {
  method: 'GET' | 'POST';
  /** Under the API base: `/pins`. */
  path: string;
  accessToken: string;
  query?: Record<string, string>;
  json?: unknown;
  action: string;
}

/** One authorized call; error answers and connection failures come back as classified ConnectorErrors. */
export async function callPinterest(transport: PinterestTransport, call: PinterestCall): Promise<unknown> {
  const url = new URL(`${transport.apiBaseUrl.replace(/\/$/, '')}${call.path}`);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { authorization: `Bearer ${call.accessToken}`, accept: 'application/json' };
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  let status: number;
  let responseHeaders: Headers;
  let body: unknown;
  try {
    const response = await transport.fetch(url, {
      method: call.method,
      headers,
      body: call.json === undefined ? undefined : JSON.stringify(call.json),
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
    status = response.status;
    responseHeaders = response.headers;
    body = await readBody(response);
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw classifyFetchFailure(error, NETWORK_NAME);
  }
  if (status >= 200 && status < 300) return body;
  throw errorFromAnswer({ status, headers: responseHeaders, body, action: call.action }, transport.now());
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

/** Steps before the pin exists (uploads, reads, refresh): an unknown outcome there published nothing. */
export async function beforePublishing<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} did not answer (${error.networkMessage ?? 'no answer'}) before the pin was created; nothing was published`,
        {
          networkMessage: error.networkMessage,
          cause: error,
        },
      );
    }
    throw error;
  }
}
