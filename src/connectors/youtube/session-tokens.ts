import type { AccountSession, ConnectedAccount } from '../kit/connector.js';
import { RenewingTokens } from '../kit/renewing-tokens.js';
import { nothingPublishedYet } from './api-client.js';
import { connectedAccount, parseCredentials, type YouTubeCredentials } from './credentials.js';
import type { GoogleOAuth } from './google-oauth.js';

/** A channel's access token during one operation; Google's refresh tokens do not rotate, so it is kept. */
export class SessionTokens extends RenewingTokens<YouTubeCredentials> {
  constructor(
    session: AccountSession,
    private readonly oauth: GoogleOAuth,
    private readonly webUrl: string,
    now: () => number,
  ) {
    super(session, parseCredentials, now);
  }

  get channelId(): string {
    return this.credentials.channelId;
  }

  protected async refreshed(current: YouTubeCredentials): Promise<ConnectedAccount> {
    const tokens = await nothingPublishedYet(() => this.oauth.refresh(current.refreshToken));
    return connectedAccount(
      {
        ...current,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken ?? current.refreshToken,
        expiresAt: tokens.expiresAt,
        scope: tokens.scope || current.scope,
      },
      this.webUrl,
    );
  }
}
