/**
 * Facts of a click, from what the request carries. Raw addresses are used here and in memory only:
 * what is stored is a country, a host and a salted hash (see ClickRecorder).
 */

/**
 * Which address is the client's. `false`: the socket's peer (Crier faces the internet). `true`: the
 * first address of X-Forwarded-For (every proxy in front is trusted). A number n: n proxies in front
 * are trusted, so the client is the n-th address counting from the right of X-Forwarded-For plus the
 * peer — an address a client wrote into the header itself is never believed.
 */
export type TrustProxy = boolean | number;

export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: TrustProxy,
): string | undefined {
  if (trust === false || trust === 0 || forwardedFor === undefined) return unmapIPv4(peer);
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const chain = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (peer) chain.push(peer);
  const index = trust === true ? 0 : Math.max(0, chain.length - 1 - trust);
  return unmapIPv4(chain[index]);
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) → `192.0.2.1`. */
function unmapIPv4(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

const REFERRER_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/i;

/** The host of a Referer header, lower-cased; the path (which may identify a person) is never kept. */
export function referrerHost(referer: string | undefined): string | null {
  if (!referer) return null;
  const host = REFERRER_HOST.exec(referer)?.[1]?.toLowerCase();
  return host && host.length <= 253 ? host : null;
}

export type DeviceKind = 'desktop' | 'mobile' | 'tablet' | 'other';

/** ua-parser-js leaves the device type empty for desktop browsers; everything unusual is `other`. */
export function deviceKind(parsedType: string | undefined): DeviceKind {
  if (parsedType === undefined || parsedType === '') return 'desktop';
  if (parsedType === 'mobile' || parsedType === 'tablet') return parsedType;
  return 'other';
}

/** The UTC day a click belongs to, for the daily visitor salt: `2026-11-26`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
