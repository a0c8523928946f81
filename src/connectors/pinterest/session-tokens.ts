import type { AccountSession } from '../kit/connector.js';
import { isConnectorError } from '../kit/errors.js';
import { beforePublishing } from './api-client.js';
import { connectedAccount, type PinterestCredentials, parseCredentials } from './credentials.js';
import type { PinterestOAuth } from './oauth.js';

/** Refresh this long before expiry, so a token cannot run out between the check and the last call. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * The access token of one account during one call. It refreshes at most once: up front when the
 * token is about to expire, or after a 401. The renewed refresh token is saved before going on.
 */
export class SessionTokens {
  private credentials: PinterestCredentials;
  private refreshed = false;

  constructor(
    private readonly session: AccountSession,
    private readonly oauth: PinterestOAuth,
    private readonly webUrl: string,
    private readonly now: () => number,
  ) {
    this.credentials = parseCredentials(session.credentials);
  }

  /** A call refused with 401 is repeated once after a refresh: a 401 means nothing happened. */
  async run<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    if (!this.refreshed && this.credentials.expiresAt - EXPIRY_MARGIN_MS <= this.now()) await this.refresh();
    try {
      return await call(this.credentials.accessToken);
    } catch (error) {
      if (!isConnectorError(error) || error.status !== 401 || this.refreshed) throw error;
      await this.refresh();
      return call(this.credentials.accessToken);
    }
  }

  private async refresh(): Promise<void> {
    this.refreshed = true;
    const tokens = await beforePublishing(() => this.oauth.refresh(this.credentials.refreshToken));
    this.credentials = {
      ...this.credentials,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      refreshExpiresAt: tokens.refreshExpiresAt ?? this.credentials.refreshExpiresAt,
      scope: tokens.scope || this.credentials.scope,
    };
    await this.session.saveCredentials(connectedAccount(this.credentials, this.webUrl));
  }
}
