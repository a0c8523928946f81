import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

/**
 * Turns what a person typed ("mastodon.social", "@me@example.social", "https://example.social/")
 * into the instance's origin. Live instances are https only; the sandbox also takes http on this
 * machine. Anything with a path, credentials or a query is refused, so a typo cannot point OAuth at
 * another page.
 */
export function instanceOrigin(typed: string | undefined, options: { allowHttp: boolean }): string {
  const raw = (typed ?? '').trim();
  if (raw.length === 0) throw invalidServer('Type the address of your Mastodon instance, for example mastodon.social');
  // A full address (@user@host) names its instance after the last @.
  const withoutAccount = raw.includes('@') && !raw.includes('://') ? (raw.split('@').pop() ?? '') : raw;
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(withoutAccount) ? withoutAccount : `https://${withoutAccount}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch (error) {
    if (error instanceof TypeError) throw invalidServer(`“${raw}” is not an instance address`);
    throw error;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowHttp && local)) {
    throw invalidServer(`${NETWORK_NAME} instances are reached over https (“${raw}”)`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw invalidServer(`Type only the instance's address (like mastodon.social), not “${raw}”`);
  }
  if (!url.hostname.includes('.') && !local) throw invalidServer(`“${raw}” is not an instance address`);
  return url.origin;
}

function invalidServer(message: string): ConnectorError {
  return new ConnectorError('invalid_content', message);
}
