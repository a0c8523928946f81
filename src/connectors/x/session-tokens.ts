import type { AccountSession, ConnectedAccount, Credentials } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { beforePublishing } from './api-client.js';
import { connectedAccount, parseCredentials, type XCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import type { XOAuth } from './oauth.js';

/** Refresh this long before expiry, so a token cannot run out between the check and the last call. */
const EXPIRY_MARGIN_MS = 2 * 60_000;
/** Calls refused with 401 are tried again at most this often (after a refresh, or after adopting one). */
const MAX_TOKEN_RETRIES = 2;

/**
 * The access token of one account during one publish. It refreshes at most once itself: up front when
 * the token is expired or about to be, or after X answers 401. Renewal goes through the session's
 * shared lock when it has one: if another Crier process renewed the tokens meanwhile, those are
 * adopted instead (X rotates refresh tokens, so refreshing twice would lock the account out). New
 * credentials are saved before the publish goes on.
 */
export class SessionTokens {
  private stored: Credentials;
  private credentials: XCredentials;
  private refreshedHere = false;

  constructor(
    private readonly session: AccountSession,
    private readonly oauth: XOAuth,
    private readonly now: () => number,
  ) {
    this.stored = session.credentials;
    this.credentials = parseCredentials(session.credentials);
  }

  get userId(): string {
    return this.credentials.userId;
  }

  /**
   * Runs one API call with a valid token. A call refused with 401 is repeated after a renewal: a 401
   * means X turned the request away, so repeating it cannot publish twice.
   */
  async run<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    if (!this.refreshedHere && this.credentials.expiresAt - EXPIRY_MARGIN_MS <= this.now()) await this.renew();
    for (let retries = 0; ; retries += 1) {
      try {
        return await call(this.credentials.accessToken);
      } catch (error) {
        const refused = isConnectorError(error) && error.status === 401;
        if (!refused || this.refreshedHere || retries >= MAX_TOKEN_RETRIES) throw error;
        await this.renew();
      }
    }
  }

  private async renew(): Promise<void> {
    const renewShared = this.session.renewCredentials?.bind(this.session);
    const next = renewShared
      ? await renewShared(this.stored, (current) => this.refreshFrom(parseCredentials(current)))
      : await this.refreshAndSave();
    this.stored = next;
    this.credentials = parseCredentials(next);
  }

  private async refreshAndSave(): Promise<Credentials> {
    const account = await this.refreshFrom(this.credentials);
    await this.session.saveCredentials(account);
    return account.credentials;
  }

  private async refreshFrom(current: XCredentials): Promise<ConnectedAccount> {
    this.refreshedHere = true;
    const refreshToken = current.refreshToken;
    if (!refreshToken) {
      throw new ConnectorError(
        'auth',
        `The ${NETWORK_NAME} access token expired and the account has no refresh token; connect it again`,
      );
    }
    const tokens = await beforePublishing(() => this.oauth.refresh(refreshToken));
    return connectedAccount(
      {
        ...current,
        accessToken: tokens.accessToken,
        // X rotates refresh tokens, but keep the old one if an answer ever leaves it out.
        refreshToken: tokens.refreshToken ?? refreshToken,
        expiresAt: tokens.expiresAt,
        scope: tokens.scope || current.scope,
      },
      this.session.profile,
    );
  }
}
