import { Readable } from 'node:stream';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './credentials.js';
import { errorFromLinkedIn } from './errors.js';

export interface LinkedInTransport {
  /** `https://api.linkedin.com` live. */
  apiUrl: string;
  /** `LinkedIn-Version`, YYYYMM. */
  version: string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Time limit of one upload of bytes (a 4 MB video part, an image). */
  uploadTimeoutMs: number;
  now: () => number;
}

/** A Rest.li 2.0 list in a query: `List(urn%3Ali%3Ashare%3A1,…)`, each item encoded, the list syntax not. */
export interface RestliList {
  list: string[];
}

export interface LinkedInCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Under the API URL: `/rest/posts`, `/v2/userinfo`; URNs in it already encoded. */
  path: string;
  accessToken: string;
  query?: Record<string, string | RestliList | undefined>;
  json?: unknown;
  action: string;
}

export interface LinkedInAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

/**
 * One call to LinkedIn's API with the headers every versioned call needs (linkedin.md, Auth):
 * Bearer token, `LinkedIn-Version`, `X-Restli-Protocol-Version: 2.0.0`. Error answers and connection
 * failures are thrown as ConnectorError, already classified.
 */
export async function callLinkedIn(transport: LinkedInTransport, call: LinkedInCall): Promise<LinkedInAnswer> {
  const url = `${transport.apiUrl.replace(/\/$/, '')}${call.path}${queryString(call.query)}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${call.accessToken}`,
    'linkedin-version': transport.version,
    'x-restli-protocol-version': '2.0.0',
  };
  let body: string | undefined;
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  }
  return send(transport, url, { method: call.method, headers, body }, call.action, transport.timeoutMs);
}

/**
 * Streams bytes to an upload URL LinkedIn handed out (an image, or one part of a video), with the
 * member's token, never holding the file whole. Returns the answer; a video part's ETag is in it.
 */
export async function uploadTo(
  transport: LinkedInTransport,
  input: { url: string; accessToken: string; size: number; body: NodeJS.ReadableStream; action: string },
): Promise<LinkedInAnswer> {
  const init: RequestInit & { duplex: 'half' } = {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${input.accessToken}`,
      'content-type': 'application/octet-stream',
      'content-length': String(input.size),
    },
    body: Readable.toWeb(Readable.from(input.body)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  };
  return send(transport, input.url, init, input.action, transport.uploadTimeoutMs);
}

async function send(
  transport: LinkedInTransport,
  url: string,
  init: RequestInit,
  action: string,
  timeoutMs: number,
): Promise<LinkedInAnswer> {
  let answer: { status: number; headers: Headers; parsed: unknown };
  try {
    const response = await transport.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    answer = { status: response.status, headers: response.headers, parsed: parse(await response.text()) };
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw classifyFetchFailure(error, NETWORK_NAME);
  }
  const { status, headers, parsed } = answer;
  if (status >= 200 && status < 300) {
    if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null)) {
      throw new ConnectorError('transient', `${NETWORK_NAME} answered ${action} in a form Crier cannot read`, {
        status,
        networkMessage: String(parsed).slice(0, 300),
      });
    }
    return { status, headers, body: parsed as Record<string, unknown> | undefined };
  }
  throw errorFromLinkedIn({ status, body: parsed, action, now: transport.now() });
}

function queryString(query: LinkedInCall['query']): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const encoded =
      typeof value === 'string' ? encodeURIComponent(value) : `List(${value.list.map(encodeURIComponent).join(',')})`;
    parts.push(`${encodeURIComponent(name)}=${encoded}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function parse(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Proxies and outages answer with HTML; keep the text so people see what came back.
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}

/** A URN as one path segment: `/rest/posts/urn%3Ali%3Ashare%3A1`. */
export function urnPath(urn: string): string {
  return encodeURIComponent(urn);
}

/**
 * Runs steps before the post exists (audience check, uploads, token refresh): whatever happens to
 * them, nothing was published, so an unknown outcome there is only transient.
 */
export async function beforePosting<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} did not answer (${error.networkMessage ?? 'no answer'}) before the post was sent; nothing was published`,
        {
          networkMessage: error.networkMessage,
          cause: error,
        },
      );
    }
    throw error;
  }
}
