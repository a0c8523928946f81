import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { errorFromAnswer, NETWORK_NAME } from './errors.js';

export interface YouTubeTransport {
  /** `https://www.googleapis.com` live: the Data API under `/youtube/v3`, uploads under `/upload/youtube/v3`. */
  apiBaseUrl: string;
  fetch: typeof fetch;
  /** Time limit of each metadata call. */
  timeoutMs: number;
  now: () => number;
}

export interface YouTubeCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the API base: `/youtube/v3/videos`. */
  path: string;
  accessToken: string;
  query?: Record<string, string>;
  json?: unknown;
  /** Raw bytes with their type (a thumbnail). */
  media?: { bytes: Uint8Array; mimeType: string };
  headers?: Record<string, string>;
  action: string;
}

export interface YouTubeAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export function apiUrl(transport: YouTubeTransport, path: string, query: Record<string, string> = {}): URL {
  // Joined as text, so a base URL with a path of its own (a proxy, a mounted sandbox) keeps it.
  const url = new URL(`${transport.apiBaseUrl.replace(/\/$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

/**
 * One authorized call to the YouTube Data API. Success answers come back parsed; error answers and
 * failures of the connection itself are thrown as ConnectorError, already classified.
 */
export async function callYouTube(transport: YouTubeTransport, call: YouTubeCall): Promise<YouTubeAnswer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${call.accessToken}`,
    accept: 'application/json',
    ...call.headers,
  };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json; charset=UTF-8';
    body = JSON.stringify(call.json);
  } else if (call.media) {
    headers['content-type'] = call.media.mimeType;
    // A copy backed by a plain ArrayBuffer, which is what fetch takes.
    body = new Uint8Array(call.media.bytes);
  }
  let answer: YouTubeAnswer;
  try {
    const response = await transport.fetch(apiUrl(transport, call.path, call.query), {
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

export async function readBody(response: Response): Promise<unknown> {
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
 * Runs steps that come before anything exists on YouTube (opening an upload session, token refresh,
 * reading). Whatever happens to them, nothing was published, so an unknown outcome is only transient.
 */
export async function nothingPublishedYet<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} did not answer (${error.networkMessage ?? 'no answer'}) before the video was sent; nothing was published`,
        { networkMessage: error.networkMessage, cause: error },
      );
    }
    throw error;
  }
}

/** The items of a list answer. */
export function itemsOf<T>(body: unknown): T[] {
  const items = (body as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? (items as T[]) : [];
}
