import type { AccountSession, ConnectedAccount } from '../kit/connector.js';
import { RenewingTokens } from '../kit/renewing-tokens.js';
import { beforePublishing } from './api-client.js';
import { connectedAccount, type PinterestCredentials, parseCredentials } from './credentials.js';
import type { PinterestOAuth } from './oauth.js';

/**
 * A Pinterest account's access token during one call. Pinterest renews the refresh token on every
 * refresh, so renewals go through the session's shared lock and the new one is saved before going on.
 */
export class SessionTokens extends RenewingTokens<PinterestCredentials> {
  constructor(
    session: AccountSession,
    private readonly oauth: PinterestOAuth,
    private readonly webUrl: string,
    now: () => number,
  ) {
    super(session, parseCredentials, now);
  }

  protected async refreshed(current: PinterestCredentials): Promise<ConnectedAccount> {
    const tokens = await beforePublishing(() => this.oauth.refresh(current.refreshToken));
    return connectedAccount(
      {
        ...current,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        refreshExpiresAt: tokens.refreshExpiresAt ?? current.refreshExpiresAt,
        scope: tokens.scope || current.scope,
      },
      this.webUrl,
    );
  }
}
