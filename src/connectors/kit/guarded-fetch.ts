import net from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { guardedLookup, isRefusedAddress } from './link-preview.js';

const MAX_REDIRECTS = 5;

/**
 * A fetch for servers a person names (a Mastodon instance, a Bluesky PDS): it will not reach this
 * machine, the local network or cloud metadata addresses. The address is checked when the connection
 * is made, so a DNS answer that changes after a check gains nothing; redirects are followed by hand so
 * every hop is checked too.
 */
export function createGuardedFetch(): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup } });
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(input instanceof Request ? input.url : input.toString());
    const followRedirects = (init.redirect ?? 'follow') === 'follow';
    for (let hop = 0; ; hop += 1) {
      assertNotRefusedLiteral(url);
      const response = (await undiciFetch(url, {
        ...(init as object),
        redirect: 'manual',
        dispatcher,
      } as never)) as unknown as Response;
      const location = response.headers.get('location');
      if (!followRedirects || response.status < 300 || response.status >= 400 || !location) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new TypeError(`${url.host} redirected more than ${MAX_REDIRECTS} times`);
      url = new URL(location, url);
    }
  };
  return guarded as typeof fetch;
}

/** An address written as a number skips DNS, so the lookup guard never sees it: check it here. */
function assertNotRefusedLiteral(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && isRefusedAddress(host)) {
    throw new TypeError(`fetch failed: ${url.hostname} is an address Crier does not connect to`, {
      cause: Object.assign(new Error(`refused address ${host}`), { code: 'EADDRREFUSED' }),
    });
  }
}
