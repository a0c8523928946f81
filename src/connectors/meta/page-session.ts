import type { AccountProfile, AccountSession, ConnectedAccount, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { type MetaCredentials, parseMetaCredentials } from './credentials.js';
import { isTokenRefusal } from './errors.js';
import type { FacebookLogin } from './facebook-login.js';
import { beforePublishing } from './graph-client.js';

/**
 * The Page token of one account during one call. When Meta refuses it (code 190: expired, or issued
 * with a short-lived login), a new one is fetched once with the long-lived user token and saved
 * before the call is repeated; a refused call published nothing, so repeating it is safe.
 */
export class PageSession {
  private credentials: MetaCredentials;
  private renewed = false;

  constructor(
    private readonly session: AccountSession,
    private readonly login: FacebookLogin,
    private readonly networkName: string,
  ) {
    this.credentials = parseMetaCredentials(session.credentials, networkName);
  }

  get current(): MetaCredentials {
    return this.credentials;
  }

  async run<T>(call: (pageAccessToken: string) => Promise<T>): Promise<T> {
    try {
      return await call(this.credentials.pageAccessToken);
    } catch (error) {
      if (this.renewed || !isTokenRefusal(error)) throw error;
      await this.renew();
      return call(this.credentials.pageAccessToken);
    }
  }

  private async renew(): Promise<void> {
    this.renewed = true;
    const stale = this.session.credentials;
    const renew = async (current: Credentials): Promise<ConnectedAccount> => {
      const parsed = parseMetaCredentials(current, this.networkName);
      return connectedAccountOf(await renewPageToken(parsed, this.login, this.networkName), this.session.profile);
    };
    if (this.session.renewCredentials) {
      // Under Crier's per-account lock: another process may have renewed first, and then its token is used.
      this.credentials = parseMetaCredentials(await this.session.renewCredentials(stale, renew), this.networkName);
      return;
    }
    const next = await renew(stale);
    await this.session.saveCredentials(next);
    this.credentials = parseMetaCredentials(next.credentials, this.networkName);
  }
}

/** A fresh Page token through the user token; `auth` when the user token no longer works either. */
export async function renewPageToken(
  credentials: MetaCredentials,
  login: FacebookLogin,
  networkName: string,
): Promise<MetaCredentials> {
  const pages = await beforePublishing(networkName, () => login.pages(credentials.userAccessToken));
  const page = pages.find((candidate) => candidate.id === credentials.pageId);
  if (!page) {
    throw new ConnectorError(
      'auth',
      `The ${networkName} login no longer shares the Page "${credentials.pageName}" with Crier; connect it again`,
    );
  }
  return { ...credentials, pageAccessToken: page.accessToken, pageName: page.name };
}

export function connectedAccountOf(credentials: MetaCredentials, profile: AccountProfile): ConnectedAccount {
  // A Page token taken with a long-lived user token does not expire, so the account has no expiry to
  // refresh ahead of; when Meta invalidates it (a password change), publishing says "reconnect".
  return { profile, credentials: { ...credentials } };
}
