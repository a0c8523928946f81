import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { errorFromAnswer, NETWORK_NAME } from './errors.js';

export interface TikTokTransport {
  /** `https://open.tiktokapis.com` live. */
  apiBaseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export interface TikTokCall {
  method: 'GET' | 'POST';
  path: string;
  accessToken: string;
  query?: Record<string, string>;
  json?: unknown;
  action: string;
}

/**
 * One authorized call to TikTok's v2 API. The `data` of a success comes back; error answers (and a
 * 200 whose `error.code` is not `ok`) and failures of the connection are thrown, already classified.
 */
export async function callTikTok<T>(transport: TikTokTransport, call: TikTokCall): Promise<T> {
  const url = new URL(`${transport.apiBaseUrl.replace(/\/$/, '')}${call.path}`);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  let status: number;
  let headers: Headers;
  let body: unknown;
  try {
    const response = await transport.fetch(url, {
      method: call.method,
      headers: {
        authorization: `Bearer ${call.accessToken}`,
        ...(call.json === undefined ? {} : { 'content-type': 'application/json; charset=UTF-8' }),
      },
      body: call.json === undefined ? undefined : JSON.stringify(call.json),
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
    status = response.status;
    headers = response.headers;
    body = parseBody(await response.text());
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw classifyFetchFailure(error, NETWORK_NAME);
  }
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (status >= 200 && status < 300 && (code === undefined || code === 'ok')) {
    return ((body as { data?: unknown } | undefined)?.data ?? {}) as T;
  }
  throw errorFromAnswer(
    { status: status >= 200 && status < 300 ? 400 : status, headers, body, action: call.action },
    transport.now(),
  );
}

/**
 * Parses a JSON answer, keeping TikTok's 19-digit post ids exact: as JSON numbers they would lose
 * their last digits in JavaScript, so they are read as strings.
 */
export function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  const exact = text.replace(
    /("publicaly_available_post_id"\s*:\s*\[)([^\]]*)\]/g,
    (_match, start: string, list: string) => `${start}${list.replace(/(?<!")\b(\d{16,})\b(?!")/g, '"$1"')}]`,
  );
  try {
    return JSON.parse(exact) as unknown;
  } catch (error) {
    // Proxies and outages answer with HTML; keep the text so people see what came back.
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}

/**
 * Runs steps before anything can be posted (creator info, init, token refresh, chunks before the
 * last). Whatever happens to them, nothing was published, so an unknown outcome is only transient.
 */
export async function nothingPublishedYet<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} did not answer (${error.networkMessage ?? 'no answer'}) before the post was complete; nothing was published`,
        { networkMessage: error.networkMessage, cause: error },
      );
    }
    throw error;
  }
}
