import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Fault switches for the local Bluesky network. The PDS from @atproto/dev-env is the real one and has
 * no switches of its own, so this proxy stands in front of it on loopback and answers the way a PDS
 * answers when it is overloaded, failing, slow or refusing a token; everything else goes through
 * untouched. Point a connector at `url` instead of the PDS.
 */

export interface BlueskyFaultScope {
  /** The XRPC method, e.g. `com.atproto.repo.createRecord`; any when absent. */
  method?: string;
}

/**
 * - `rate_limit`: 429 RateLimitExceeded with the PDS's RateLimit-* headers.
 * - `server_error`: a 5xx InternalServerError.
 * - `timeout`: never answers; with `afterProcessing` the request reaches the PDS first and only the
 *   answer is lost.
 * - `expired_token`: 400 ExpiredToken, as the PDS answers an access token past its time.
 */
export type BlueskyFault =
  | { kind: 'rate_limit'; resetInSeconds?: number }
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  | { kind: 'timeout'; afterProcessing?: boolean }
  | { kind: 'expired_token' };

export type BlueskyFaultSpec = BlueskyFaultScope & { count?: number } & BlueskyFault;

type ActiveFault = BlueskyFaultSpec & { remaining: number };

export interface BlueskyFaultProxy {
  url: string;
  inject(spec: BlueskyFaultSpec): void;
  clear(): void;
  /** How many requests each kind of fault has answered so far. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

export async function startBlueskyFaultProxy(pdsUrl: string): Promise<BlueskyFaultProxy> {
  let faults: ActiveFault[] = [];
  const answered: Record<string, number> = {};
  const hanging = new Set<http.ServerResponse>();

  const take = (xrpcMethod: string): ActiveFault | undefined => {
    const fault = faults.find((candidate) => !candidate.method || candidate.method === xrpcMethod);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults = faults.filter((candidate) => candidate !== fault);
    answered[fault.kind] = (answered[fault.kind] ?? 0) + 1;
    return fault;
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const xrpcMethod = (request.url ?? '').split('?')[0]?.replace(/^\/xrpc\//, '') ?? '';
      const fault = take(xrpcMethod);
      void handle(request, response, Buffer.concat(chunks), fault).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'UpstreamFailure', message: String(error) }));
      });
    });
  });

  async function handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    body: Buffer,
    fault: ActiveFault | undefined,
  ): Promise<void> {
    if (fault?.kind === 'rate_limit') {
      const reset = Math.ceil(Date.now() / 1000) + (fault.resetInSeconds ?? 5);
      return json(
        response,
        429,
        { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        {
          'ratelimit-limit': '3000',
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(reset),
          'ratelimit-policy': '3000;w=300',
        },
      );
    }
    if (fault?.kind === 'server_error') {
      return json(response, fault.status ?? 500, { error: 'InternalServerError', message: 'Internal Server Error' });
    }
    if (fault?.kind === 'expired_token')
      return json(response, 400, { error: 'ExpiredToken', message: 'Token has expired' });
    if (fault?.kind === 'timeout' && !fault.afterProcessing) return hang(response);

    const upstream = await fetch(new URL(request.url ?? '/', pdsUrl), {
      method: request.method,
      headers: forwardedHeaders(request.headers),
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(body),
      redirect: 'manual',
    });
    let payload = Buffer.from(await upstream.arrayBuffer());
    if (fault?.kind === 'timeout') return hang(response);
    if (upstream.headers.get('content-type')?.includes('application/json')) {
      // Sessions carry the account's DID document, which names the PDS: name the proxy instead, so
      // clients that follow it (as they should) keep coming through here.
      payload = Buffer.from(rewriteOrigins(payload.toString('utf8'), pdsUrl, proxyUrl()));
    }
    const headers: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') headers[name] = value;
    });
    response.writeHead(upstream.status, headers);
    response.end(payload);
  }

  function hang(response: http.ServerResponse): void {
    hanging.add(response);
    response.on('close', () => hanging.delete(response));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const proxyUrl = () => url;
  return {
    url,
    inject(spec) {
      const count = spec.count ?? 1;
      if (!Number.isInteger(count) || count < 1) throw new RangeError('a fault count must be a positive integer');
      faults.push({ ...spec, remaining: count });
    },
    clear() {
      faults = [];
    },
    counts: () => ({ ...answered }),
    async close() {
      for (const response of hanging) response.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** The PDS's address, as `localhost` or `127.0.0.1`, replaced by the proxy's. */
function rewriteOrigins(text: string, pdsUrl: string, proxyUrl: string): string {
  const pds = new URL(pdsUrl);
  const variants = [pds.origin, `${pds.protocol}//localhost:${pds.port}`, `${pds.protocol}//127.0.0.1:${pds.port}`];
  return variants.reduce((current, origin) => current.split(origin).join(proxyUrl), text);
}

function forwardedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return forwarded;
}
