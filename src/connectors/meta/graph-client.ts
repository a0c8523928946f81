import { createHmac } from 'node:crypto';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { sendStreamed } from '../kit/streamed-upload.js';
import { errorFromGraph } from './errors.js';

export interface GraphTransport {
  /** `https://graph.facebook.com/v25.0` live; the emulator's `/v25.0` in the sandbox. */
  graphUrl: string;
  /** `https://rupload.facebook.com` live: where reel and Instagram video bytes go. */
  ruploadUrl: string;
  /** The `v25.0` segment, also part of rupload paths. */
  version: string;
  appId: string;
  /** Signs every call with appsecret_proof when present. */
  appSecret?: string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Time limit of one upload of bytes; large videos need more than an API call. */
  uploadTimeoutMs: number;
  now: () => number;
  networkName: string;
}

export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Under the versioned base: `/me/accounts`, `/{page-id}/feed`. */
  path: string;
  accessToken: string;
  params?: Record<string, string | undefined>;
  /** Multipart body (a photo's `source`); params then go in the query. */
  form?: FormData;
  action: string;
}

/**
 * One Graph API call. The token travels in the Authorization header (out of URLs and logs), with
 * appsecret_proof as a parameter; POST parameters go form-encoded, as Meta's SDKs send them.
 * Error answers and connection failures are thrown as ConnectorError, already classified.
 */
export async function callGraph(transport: GraphTransport, call: GraphCall): Promise<Record<string, unknown>> {
  const url = new URL(`${transport.graphUrl.replace(/\/$/, '')}${call.path}`);
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(call.params ?? {})) if (value !== undefined) params.set(name, value);
  if (transport.appSecret) params.set('appsecret_proof', appSecretProof(call.accessToken, transport.appSecret));
  let body: URLSearchParams | FormData | undefined;
  if (call.method === 'POST' && !call.form) body = params;
  else for (const [name, value] of params) url.searchParams.set(name, value);
  if (call.form) body = call.form;
  return send(
    transport,
    url,
    { method: call.method, headers: { authorization: `OAuth ${call.accessToken}` }, body },
    call.action,
    transport.timeoutMs,
  );
}

/** A call without a user's token (the OAuth endpoints), parameters in the query. */
export async function callGraphUnauthenticated(
  transport: GraphTransport,
  path: string,
  query: Record<string, string>,
  action: string,
) {
  const url = new URL(`${transport.graphUrl.replace(/\/$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return send(transport, url, { method: 'GET' }, action, transport.timeoutMs);
}

/**
 * Streams bytes to rupload (`/video-upload/…` or `/ig-api-upload/…`) in one request, through
 * node:http chunk by chunk as the socket drains (Node 20's fetch would read the body ahead): the
 * file is read from disk as it goes, never held whole in memory.
 */
export async function uploadBytes(
  transport: GraphTransport,
  input: { url: string; accessToken: string; fileSize: number; body: NodeJS.ReadableStream; action: string },
): Promise<Record<string, unknown>> {
  let answer: Awaited<ReturnType<typeof sendStreamed>>;
  try {
    answer = await sendStreamed(input.url, {
      method: 'POST',
      headers: {
        authorization: `OAuth ${input.accessToken}`,
        offset: '0',
        file_size: String(input.fileSize),
        'content-type': 'application/octet-stream',
        'content-length': String(input.fileSize),
      },
      body: input.body as AsyncIterable<Uint8Array>,
      signal: AbortSignal.timeout(transport.uploadTimeoutMs),
    });
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw classifyFetchFailure(error, transport.networkName);
  }
  return interpret(transport, answer.status, answer.headers, parseBody(answer.text), input.action);
}

export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

async function send(transport: GraphTransport, url: URL, init: RequestInit, action: string, timeoutMs: number) {
  let status: number;
  let headers: Headers;
  let parsed: unknown;
  try {
    const response = await transport.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    headers = response.headers;
    parsed = parseBody(await response.text());
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw classifyFetchFailure(error, transport.networkName);
  }
  return interpret(transport, status, headers, parsed, action);
}

/** A success body as an object; every other answer thrown as a classified ConnectorError. */
function interpret(
  transport: GraphTransport,
  status: number,
  headers: Headers,
  parsed: unknown,
  action: string,
): Record<string, unknown> {
  if (status >= 200 && status < 300 && typeof parsed === 'object' && parsed !== null)
    return parsed as Record<string, unknown>;
  if (status >= 200 && status < 300) {
    throw new ConnectorError('transient', `${transport.networkName} answered ${action} in a form Crier cannot read`, {
      status,
      networkMessage: String(parsed).slice(0, 300),
    });
  }
  const ruploadFailure = (parsed as { debug_info?: { message?: string; retriable?: boolean } } | undefined)?.debug_info;
  if (ruploadFailure) {
    const errorClass = ruploadFailure.retriable || status >= 500 ? 'transient' : 'invalid_content';
    throw new ConnectorError(
      errorClass,
      `${transport.networkName} refused the upload while ${action}: ${ruploadFailure.message ?? status}`,
      {
        status,
        networkMessage: ruploadFailure.message,
      },
    );
  }
  throw errorFromGraph({ status, headers, body: parsed, action, networkName: transport.networkName }, transport.now());
}

function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Outages and proxies answer with HTML; keep the text so people see what came back.
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}

/**
 * Runs steps that come before anything is published (uploads, containers, token exchange): a lost
 * answer there published nothing, so an unknown outcome is only transient.
 */
export async function beforePublishing<T>(networkName: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError(
        'transient',
        `${networkName} did not answer (${error.networkMessage ?? 'no answer'}) before the post was sent; nothing was published`,
        {
          networkMessage: error.networkMessage,
          cause: error,
        },
      );
    }
    throw error;
  }
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
