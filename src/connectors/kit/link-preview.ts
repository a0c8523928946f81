import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';

/**
 * Link previews: the title, description and image a page declares for sharing (OpenGraph, Twitter
 * cards, or its <title>), for link cards on networks that want the poster to supply them (Bluesky).
 *
 * The URL comes from a post, so from a user: fetching it is a server-side request forgery risk.
 * Only http and https are fetched, every address a host resolves to is checked against private and
 * special ranges, redirects are followed by hand (each hop checked again), and the address checked
 * is the address connected to, so a DNS answer that changes between check and connect gains nothing.
 */

export interface LinkPreview {
  title?: string;
  description?: string;
  image?: { bytes: Uint8Array; mimeType: string };
}

export type LinkPreviewFetcher = (url: string) => Promise<LinkPreview | undefined>;

export interface LinkPreviewOptions {
  /** Transport for tests; the default connects only to addresses the guard allows. */
  fetch?: typeof fetch;
  /** Allow loopback and private addresses (local tests, an intranet Crier). Off by default. */
  allowPrivateAddresses?: boolean;
  /** Time for the whole preview: page, redirects and image. */
  timeoutMs?: number;
  /** Most bytes read from the page and from the image; a larger page is parsed from its start, a larger image dropped. */
  maxBytes?: number;
  /** How host names are resolved, for tests; defaults to dns.lookup with every address. */
  resolveHost?: (hostname: string) => Promise<string[]>;
}

export type LinkPreviewFailure = 'scheme_refused' | 'address_refused' | 'too_many_redirects' | 'http_error' | 'timeout';

export class LinkPreviewError extends Error {
  readonly reason: LinkPreviewFailure;
  constructor(reason: LinkPreviewFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LinkPreviewError';
    this.reason = reason;
  }
}

const MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 1_000_000;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const USER_AGENT = 'Mozilla/5.0 (compatible; CrierLinkPreview/1.0)';

/** Ranges never fetched unless private addresses are allowed (RFC 6890 special-purpose registries). */
const refusedRanges = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  refusedRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  refusedRanges.addSubnet(network, prefix, 'ipv6');
}

/** True when an IP address is loopback, private, link-local, CGNAT, multicast, unspecified or otherwise special. */
export function isRefusedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return refusedRanges.check(address, 'ipv4');
  if (family !== 6) return true;
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) return refusedRanges.check(embedded, 'ipv4');
  return refusedRanges.check(address, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return undefined;
  if (match[1]) return match[1];
  const high = Number.parseInt(match[2] ?? '0', 16);
  const low = Number.parseInt(match[3] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

export function createLinkPreviewFetcher(options: LinkPreviewOptions = {}): LinkPreviewFetcher {
  const allowPrivate = options.allowPrivateAddresses ?? false;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const resolveHost = options.resolveHost ?? lookupAll;
  const transport = options.fetch ?? nodeFetch(allowPrivate ? dns.lookup : guardedLookup);

  async function assertAllowed(url: URL): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new LinkPreviewError('scheme_refused', `only http and https links are previewed, not ${url.protocol}`);
    }
    if (allowPrivate) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = net.isIP(host) ? [host] : await resolveHost(host);
    const refused = addresses.find(isRefusedAddress);
    if (refused !== undefined || addresses.length === 0) {
      throw new LinkPreviewError(
        'address_refused',
        `${url.hostname} points to ${refused ?? 'no address'}, which Crier does not fetch`,
      );
    }
  }

  /** GET with redirects followed by hand, each hop checked before it is requested. */
  async function get(start: string, accept: string, signal: AbortSignal): Promise<{ response: Response; url: URL }> {
    let url = new URL(start);
    for (let redirects = 0; ; redirects += 1) {
      await assertAllowed(url);
      const response = await transport(url, {
        redirect: 'manual',
        signal,
        headers: { accept, 'user-agent': USER_AGENT },
      });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url };
      await response.body?.cancel();
      if (redirects >= MAX_REDIRECTS) {
        throw new LinkPreviewError('too_many_redirects', `${start} redirects more than ${MAX_REDIRECTS} times`);
      }
      url = new URL(location, url);
    }
  }

  return async function fetchLinkPreview(url: string): Promise<LinkPreview | undefined> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const { response: page, url: pageUrl } = await get(
        url,
        'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
        signal,
      );
      if (!page.ok) throw new LinkPreviewError('http_error', `${url} answered HTTP ${page.status}`);
      if (!/html/i.test(page.headers.get('content-type') ?? '')) {
        await page.body?.cancel();
        return undefined;
      }
      const { bytes } = await readCapped(page, maxBytes);
      const meta = parseMetadata(decodeHtml(bytes, page.headers.get('content-type')));
      const preview: LinkPreview = {};
      if (meta.title) preview.title = meta.title;
      if (meta.description) preview.description = meta.description;
      if (meta.image) {
        // An image that cannot be had (refused, broken, too slow) leaves a preview without a picture.
        const image = await fetchImage(new URL(meta.image, pageUrl).toString(), signal).catch(() => undefined);
        if (image) preview.image = image;
      }
      return preview.title || preview.description || preview.image ? preview : undefined;
    } catch (error) {
      if (signal.aborted)
        throw new LinkPreviewError('timeout', `${url} took more than ${timeoutMs} ms`, { cause: error });
      throw error;
    }
  };

  async function fetchImage(url: string, signal: AbortSignal): Promise<LinkPreview['image']> {
    const { response } = await get(url, 'image/*', signal);
    const mimeType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!response.ok || !IMAGE_TYPES.has(mimeType)) {
      await response.body?.cancel();
      return undefined;
    }
    const { bytes, truncated } = await readCapped(response, maxBytes);
    // A cut image is a broken image: better none.
    return truncated ? undefined : { bytes, mimeType };
  }
}

/** Reads at most `maxBytes` of a body and cancels the rest. */
async function readCapped(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(), truncated: false };
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: concat(chunks), truncated: false };
    if (total + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - total));
      await reader.cancel();
      return { bytes: concat(chunks), truncated: true };
    }
    chunks.push(value);
    total += value.byteLength;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function lookupAll(hostname: string): Promise<string[]> {
  const results = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => result.address);
}

/**
 * A GET over node:http(s) with the given DNS lookup: with the guarded one, special addresses are
 * refused at connect time, so the address checked is the address used.
 */
const nodeFetch =
  (lookup: net.LookupFunction): typeof fetch =>
  (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: 'GET',
          headers: Object.fromEntries(new Headers(init?.headers).entries()),
          lookup,
          signal: init?.signal ?? undefined,
        },
        (incoming) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value === undefined) continue;
            for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
          }
          const status = incoming.statusCode ?? 502;
          const hasBody = status !== 204 && status !== 304;
          const body = hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : null;
          if (!hasBody) incoming.resume();
          resolve(new Response(body, { status, headers }));
        },
      );
      request.on('error', reject);
      request.end();
    });
  };

/** A DNS lookup that refuses loopback, private, link-local and other special addresses at connect time. */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((entry) => isRefusedAddress(entry.address));
    if (refused || addresses.length === 0) {
      const refusal = new LinkPreviewError(
        'address_refused',
        `${hostname} points to ${refused?.address ?? 'no address'}`,
      );
      return callback(Object.assign(refusal, { code: 'EADDRREFUSED' }), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
    const first = addresses[0] as dns.LookupAddress;
    return callback(null, first.address, first.family);
  });
};

interface PageMetadata {
  title?: string;
  description?: string;
  image?: string;
}

/** OpenGraph first, then Twitter cards, then plain HTML: the order sites expect sharers to read them. */
export function parseMetadata(html: string): PageMetadata {
  // Only the head: what the body says is the page's content, not what it declares for sharing.
  const bodyAt = html.search(/<body[\s>]/i);
  const head = bodyAt >= 0 ? html.slice(0, bodyAt) : html;
  const meta = new Map<string, string>();
  for (const tag of head.matchAll(/<meta\b[^>]*>/gi)) {
    const attributes = parseAttributes(tag[0]);
    const key = (attributes.get('property') ?? attributes.get('name'))?.toLowerCase();
    const content = attributes.get('content');
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
  }
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(head)?.[1];
  const pick = (...keys: string[]) => {
    for (const key of keys) {
      const value = clean(meta.get(key));
      if (value) return value;
    }
    return undefined;
  };
  const result: PageMetadata = {};
  const title = pick('og:title', 'twitter:title') ?? clean(titleTag);
  const description = pick('og:description', 'twitter:description', 'description');
  const image = pick('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src');
  if (title) result.title = title;
  if (description) result.description = description;
  if (image) result.image = image;
  return result;
}

function parseAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const name = match[1]?.toLowerCase();
    if (name) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = decodeEntities(value).replace(/\s+/g, ' ').trim();
  return text.length > 0 ? text : undefined;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/** Decodes with the charset the server or the page declares (Japanese sites still use Shift_JIS), else UTF-8. */
function decodeHtml(bytes: Uint8Array, contentType: string | null): string {
  const declared =
    /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(Buffer.from(bytes.subarray(0, 2048)).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch (error) {
    if (error instanceof RangeError) return new TextDecoder('utf-8').decode(bytes); // a charset Node does not know
    throw error;
  }
}
