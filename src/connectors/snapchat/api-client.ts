import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { errorFromAnswer, NETWORK_NAME } from './errors.js';

export interface SnapchatTransport {
  /** `https://businessapi.snapchat.com`. */
  apiBaseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

/** One authorized call (JSON or form body); errors come back classified. */
export async function callSnapchat(
  transport: SnapchatTransport,
  call: { method: 'GET' | 'POST'; path: string; accessToken: string; json?: unknown; form?: FormData; action: string },
): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${call.accessToken}`, accept: 'application/json' };
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  let status: number;
  let responseHeaders: Headers;
  let body: unknown;
  try {
    const response = await transport.fetch(`${transport.apiBaseUrl.replace(/\/$/, '')}${call.path}`, {
      method: call.method,
      headers,
      body: call.json !== undefined ? JSON.stringify(call.json) : call.form,
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
    status = response.status;
    responseHeaders = response.headers;
    const text = await response.text();
    body = text ? parseJson(text) : undefined;
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw classifyFetchFailure(error, NETWORK_NAME);
  }
  if (status >= 200 && status < 300) return body;
  throw errorFromAnswer({ status, headers: responseHeaders, body, action: call.action }, transport.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}

/** Steps before the post exists: an unknown outcome there published nothing. */
export async function beforePublishing<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} did not answer (${error.networkMessage ?? 'no answer'}) before the post was made; nothing was published`,
        {
          networkMessage: error.networkMessage,
          cause: error,
        },
      );
    }
    throw error;
  }
}
