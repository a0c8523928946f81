import type { AccountSession, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { RenewingTokens } from '../kit/renewing-tokens.js';
import { beforePublishing } from './api-client.js';
import { connectedAccount, parseCredentials, type XCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import type { XOAuth } from './oauth.js';

/** An X account's access token during one publish; X rotates refresh tokens on every refresh. */
export class SessionTokens extends RenewingTokens<XCredentials> {
  constructor(
    private readonly account: AccountSession,
    private readonly oauth: XOAuth,
    now: () => number,
  ) {
    super(account, parseCredentials, now);
  }

  get userId(): string {
    return this.credentials.userId;
  }

  protected async refreshed(current: XCredentials): Promise<ConnectedAccount> {
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
      this.account.profile,
    );
  }
}
