import type { AccountSession, ConnectedAccount, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { beforePublishing } from '../meta/graph-client.js';
import {
  NETWORK_NAME,
  parseThreadsCredentials,
  RENEW_BEFORE_EXPIRY_MS,
  type ThreadsCredentials,
  threadsAccount,
} from './credentials.js';
import type { ThreadsOAuth } from './oauth.js';

/** Threads renews only tokens at least this old (threads.md, Auth). */
const MIN_AGE_TO_RENEW_MS = 24 * 60 * 60_000;

/**
 * The token of one account during one call. A token in its last week is renewed first (through the
 * session's shared lock, so two Crier processes never renew at once); a lapsed one cannot be renewed
 * on Threads, so the person must connect again. Threads refusing a token (Graph error 190) is an
 * `auth` failure straight away: renewing a refused token is refused too.
 */
export class ThreadsSessionTokens {
  private stored: Credentials;
  private credentials: ThreadsCredentials;

  constructor(
    private readonly session: AccountSession,
    private readonly oauth: ThreadsOAuth,
    private readonly webUrl: string,
    private readonly now: () => number,
  ) {
    this.stored = session.credentials;
    this.credentials = parseThreadsCredentials(session.credentials);
  }

  get current(): ThreadsCredentials {
    return this.credentials;
  }

  async run<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    await this.renewIfDue();
    return call(this.credentials.accessToken);
  }

  private async renewIfDue(): Promise<void> {
    const now = this.now();
    if (this.credentials.expiresAt <= now) {
      throw new ConnectorError(
        'auth',
        `The ${NETWORK_NAME} access token lapsed and cannot be renewed; connect the account again`,
      );
    }
    const due = this.credentials.expiresAt - RENEW_BEFORE_EXPIRY_MS <= now;
    const oldEnough = now - this.credentials.issuedAt >= MIN_AGE_TO_RENEW_MS;
    if (!due || !oldEnough) return;
    const renewShared = this.session.renewCredentials?.bind(this.session);
    const next = renewShared
      ? await renewShared(this.stored, (current) =>
          renewThreadsToken(this.oauth, parseThreadsCredentials(current), this.webUrl),
        )
      : await this.renewAndSave();
    this.stored = next;
    this.credentials = parseThreadsCredentials(next);
  }

  private async renewAndSave(): Promise<Credentials> {
    const account = await renewThreadsToken(this.oauth, this.credentials, this.webUrl);
    await this.session.saveCredentials(account);
    return account.credentials;
  }
}

/** Trades a long-lived token for a new one; nothing is published meanwhile, so failures are never unknown. */
export async function renewThreadsToken(
  oauth: ThreadsOAuth,
  current: ThreadsCredentials,
  webUrl: string,
): Promise<ConnectedAccount> {
  const token = await beforePublishing(NETWORK_NAME, () => oauth.refresh(current.accessToken));
  return threadsAccount(
    { ...current, accessToken: token.accessToken, issuedAt: token.issuedAt, expiresAt: token.expiresAt },
    webUrl,
  );
}
