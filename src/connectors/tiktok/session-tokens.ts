import type { AccountSession, ConnectedAccount, Credentials } from '../kit/connector.js';
import { isConnectorError } from '../kit/errors.js';
import { nothingPublishedYet } from './api-client.js';
import { connectedAccount, parseCredentials, type TikTokCredentials } from './credentials.js';
import type { TikTokOAuth } from './oauth.js';

/** Refresh this long before expiry, so a token cannot run out between the check and the last call. */
const EXPIRY_MARGIN_MS = 2 * 60_000;
/** Calls refused with 401 are tried again at most this often (after a refresh, or after adopting one). */
const MAX_TOKEN_RETRIES = 2;

/**
 * The access token of one account during one operation. It refreshes up front when the token is
 * expired or about to be, or after TikTok answers 401, through the session's shared lock when it has
 * one: TikTok rotates refresh tokens, so two processes refreshing at once would lock the account out;
 * the one that comes second adopts the tokens the first saved.
 */
export class SessionTokens {
  private stored: Credentials;
  private credentials: TikTokCredentials;
  private refreshedHere = false;

  constructor(
    private readonly session: AccountSession,
    private readonly oauth: TikTokOAuth,
    private readonly webUrl: string,
    private readonly now: () => number,
  ) {
    this.stored = session.credentials;
    this.credentials = parseCredentials(session.credentials);
  }

  get creator(): TikTokCredentials {
    return this.credentials;
  }

  /** Runs a call with a valid token; a call refused with 401 was turned away, so repeating it is safe. */
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

  private async refreshFrom(current: TikTokCredentials): Promise<ConnectedAccount> {
    this.refreshedHere = true;
    const tokens = await nothingPublishedYet(() => this.oauth.refresh(current.refreshToken));
    return connectedAccount(
      {
        ...current,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        refreshExpiresAt: tokens.refreshExpiresAt,
        scope: tokens.scope || current.scope,
      },
      this.webUrl,
    );
  }
}
