import type { AccountSession } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { beforePublishing } from './api-client.js';
import { connectedAccount, parseCredentials, type XCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import type { XOAuth } from './oauth.js';

/** Refresh this long before expiry, so a token cannot run out between the check and the last call. */
const EXPIRY_MARGIN_MS = 2 * 60_000;

/**
 * The access token of one account during one publish. It refreshes at most once: up front when the
 * token is expired or about to be, or after X answers 401. The new credentials are saved before the
 * publish goes on, because X rotates refresh tokens and a lost one means reconnecting.
 */
export class SessionTokens {
  private credentials: XCredentials;
  private refreshed = false;

  constructor(
    private readonly session: AccountSession,
    private readonly oauth: XOAuth,
    private readonly now: () => number,
  ) {
    this.credentials = parseCredentials(session.credentials);
  }

  /**
   * Runs one API call with a valid token. A call refused with 401 is repeated once after a refresh:
   * a 401 means X turned the request away, so repeating it cannot publish twice.
   */
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
    const refreshToken = this.credentials.refreshToken;
    if (!refreshToken) {
      throw new ConnectorError(
        'auth',
        `The ${NETWORK_NAME} access token expired and the account has no refresh token; connect it again`,
      );
    }
    const tokens = await beforePublishing(() => this.oauth.refresh(refreshToken));
    this.credentials = {
      ...this.credentials,
      accessToken: tokens.accessToken,
      // X rotates refresh tokens, but keep the old one if an answer ever leaves it out.
      refreshToken: tokens.refreshToken ?? refreshToken,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope || this.credentials.scope,
    };
    await this.session.saveCredentials(connectedAccount(this.credentials, this.session.profile));
  }
}
