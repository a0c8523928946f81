import type { AccountSession, ConnectedAccount, Credentials } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { type LinkedInCredentials, linkedInAccount, NETWORK_NAME, parseLinkedInCredentials } from './credentials.js';
import type { LinkedInOAuth } from './oauth.js';
import { beforePosting } from './rest-client.js';

/** Refresh this long before expiry, so a token cannot run out between the check and the last call. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * The member's token during one operation. It is renewed at most once: up front when it has run
 * out, or after LinkedIn answers 401, and only with a refresh token (apps LinkedIn approved); without
 * one the person must sign in again. Renewal goes through the session's shared lock when there is one.
 */
export class LinkedInSessionTokens {
  private stored: Credentials;
  private credentials: LinkedInCredentials;
  private renewed = false;

  constructor(
    private readonly session: AccountSession,
    private readonly oauth: LinkedInOAuth,
    private readonly webUrl: string,
    private readonly now: () => number,
  ) {
    this.stored = session.credentials;
    this.credentials = parseLinkedInCredentials(session.credentials);
  }

  get current(): LinkedInCredentials {
    return this.credentials;
  }

  /** A call refused with 401 is repeated once after a renewal: LinkedIn turned it away, so nothing happened. */
  async run<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    if (!this.renewed && this.credentials.expiresAt - EXPIRY_MARGIN_MS <= this.now()) await this.renew();
    try {
      return await call(this.credentials.accessToken);
    } catch (error) {
      if (!isConnectorError(error) || error.status !== 401 || this.renewed) throw error;
      await this.renew();
      return call(this.credentials.accessToken);
    }
  }

  private async renew(): Promise<void> {
    this.renewed = true;
    const renewShared = this.session.renewCredentials?.bind(this.session);
    const next = renewShared
      ? await renewShared(this.stored, (current) =>
          renewLinkedInToken(this.oauth, parseLinkedInCredentials(current), this.webUrl, this.now),
        )
      : await this.renewAndSave();
    this.stored = next;
    this.credentials = parseLinkedInCredentials(next);
  }

  private async renewAndSave(): Promise<Credentials> {
    const account = await renewLinkedInToken(this.oauth, this.credentials, this.webUrl, this.now);
    await this.session.saveCredentials(account);
    return account.credentials;
  }
}

export async function renewLinkedInToken(
  oauth: LinkedInOAuth,
  current: LinkedInCredentials,
  webUrl: string,
  now: () => number,
): Promise<ConnectedAccount> {
  const refreshToken = current.refreshToken;
  if (!refreshToken || (current.refreshTokenExpiresAt !== undefined && current.refreshTokenExpiresAt <= now())) {
    throw new ConnectorError(
      'auth',
      `${NETWORK_NAME} access has run out and this app has no refresh token to renew it: connect the account again`,
    );
  }
  const tokens = await beforePosting(() => oauth.refresh(refreshToken));
  return linkedInAccount(
    {
      ...current,
      accessToken: tokens.accessToken,
      expiresAt: tokens.expiresAt,
      refreshToken: tokens.refreshToken ?? refreshToken,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? current.refreshTokenExpiresAt,
      scope: tokens.scope || current.scope,
    },
    webUrl,
  );
}
