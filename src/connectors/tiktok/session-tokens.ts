import type { AccountSession, ConnectedAccount } from '../kit/connector.js';
import { RenewingTokens } from '../kit/renewing-tokens.js';
import { nothingPublishedYet } from './api-client.js';
import { connectedAccount, parseCredentials, type TikTokCredentials } from './credentials.js';
import type { TikTokOAuth } from './oauth.js';

/**
 * A creator's access token during one operation. TikTok rotates refresh tokens, so two processes
 * refreshing at once would lock the account out: the one that comes second adopts the first's tokens.
 */
export class SessionTokens extends RenewingTokens<TikTokCredentials> {
  constructor(
    session: AccountSession,
    private readonly oauth: TikTokOAuth,
    private readonly webUrl: string,
    now: () => number,
  ) {
    super(session, parseCredentials, now);
  }

  get creator(): TikTokCredentials {
    return this.credentials;
  }

  protected async refreshed(current: TikTokCredentials): Promise<ConnectedAccount> {
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
