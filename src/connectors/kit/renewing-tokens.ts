import type { AccountSession, ConnectedAccount, Credentials } from './connector.js';
import { isConnectorError } from './errors.js';

/** Refresh this long before expiry, so a token cannot run out between the check and the last call. */
const EXPIRY_MARGIN_MS = 2 * 60_000;
/** Calls refused with 401 are tried again at most this often (after a refresh, or after adopting one). */
const MAX_TOKEN_RETRIES = 2;

export interface RenewableCredentials {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * The access token of one account during one operation, for networks with expiring OAuth tokens. It
 * refreshes at most once itself: up front when the token is expired or about to be, or after the
 * network answers 401. Renewal goes through the session's shared lock when it has one: if another
 * Crier process renewed meanwhile, those tokens are adopted instead (networks that rotate refresh
 * tokens would lock the account out after a second refresh). New credentials are saved before the
 * operation goes on. Each network says how to parse its credentials and how to refresh them.
 */
export abstract class RenewingTokens<C extends RenewableCredentials> {
  private stored: Credentials;
  protected credentials: C;
  private refreshedHere = false;

  constructor(
    private readonly session: AccountSession,
    private readonly parse: (credentials: Credentials) => C,
    private readonly now: () => number,
  ) {
    this.stored = session.credentials;
    this.credentials = parse(session.credentials);
  }

  /** The network's refresh grant: the account with new credentials, from the current ones. */
  protected abstract refreshed(current: C): Promise<ConnectedAccount>;

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
      ? await renewShared(this.stored, (current) => this.refreshFrom(this.parse(current)))
      : await this.refreshAndSave();
    this.stored = next;
    this.credentials = this.parse(next);
  }

  private async refreshAndSave(): Promise<Credentials> {
    const account = await this.refreshFrom(this.credentials);
    await this.session.saveCredentials(account);
    return account.credentials;
  }

  private refreshFrom(current: C): Promise<ConnectedAccount> {
    this.refreshedHere = true;
    return this.refreshed(current);
  }
}
