import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AccountSession, ConnectedAccount, Credentials } from '../connectors/kit/connector.js';
import { ConnectorError, isConnectorError } from '../connectors/kit/errors.js';
import type { ConnectorRegistry } from '../connectors/kit/registry.js';
import type { AccountCredentialsRepository } from '../store/repositories/account-credentials.repository.js';
import type { AccountsRepository } from '../store/repositories/accounts.repository.js';
import type { AlertsRepository } from '../store/repositories/alerts.repository.js';
import type { SecretBox } from '../store/secret-box.js';
import type { Clock } from './clock.js';

export interface TokenRefreshReport {
  refreshed: number;
  reconnectNeeded: number;
  failed: number;
}

/** Refresh credentials this long before they expire, so publishing never waits on a refresh. */
export const REFRESH_AHEAD_MS = 15 * 60_000;
const REFRESH_BATCH = 200;

/**
 * Keeps accounts' credentials alive: renews them under a per-account lock shared by every process
 * (networks rotate refresh tokens), refreshes those about to expire ahead of time, and when a network
 * refuses an account for good, marks it "reconnect needed" and raises an alert people see.
 */
export class AccountTokensService {
  constructor(
    private readonly credentials: AccountCredentialsRepository,
    private readonly accounts: AccountsRepository,
    private readonly alerts: AlertsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * A session for one attempt, with the shared renewal connectors use when a token runs out during a
   * call; `renewed` says whether the account's access was renewed during it. Renewed credentials
   * also go to `shared`, so later attempts start from them.
   */
  shareRenewal(accountId: string, shared: AccountSession): { session: AccountSession; renewed: () => boolean } {
    let renewed = false;
    const session: AccountSession = {
      profile: shared.profile,
      credentials: shared.credentials,
      saveCredentials: async (next) => {
        await shared.saveCredentials(next);
        session.credentials = next.credentials;
      },
      renewCredentials: async (stale, renew) => {
        const next = await this.renew(accountId, stale, renew);
        renewed = true;
        session.credentials = next;
        shared.credentials = next;
        return next;
      },
    };
    return { session, renewed: () => renewed };
  }

  /**
   * Runs `renew` while holding the account's lock, unless the stored credentials are no longer
   * `stale` (another process renewed them first): then those are returned untouched.
   */
  async renew(
    accountId: string,
    stale: Credentials,
    renew: (current: Credentials) => Promise<ConnectedAccount>,
  ): Promise<Credentials> {
    const renewed = await this.credentials.withLock(accountId, async (locked) => {
      if (locked.state !== 'connected') {
        throw new ConnectorError('auth', 'The account must be connected again before Crier can use it');
      }
      const current = this.secrets.openJson(locked.sealedCredentials) as Credentials;
      if (!sameCredentials(current, stale)) return current;
      const next = await renew(current);
      await locked.save(this.secrets.sealJson(next.credentials), next.expiresAt ?? null, this.clock.now());
      return next.credentials;
    });
    if (!renewed) throw new ConnectorError('auth', 'The account was disconnected from Crier');
    return renewed;
  }

  /** Refreshes every connected account whose credentials expire within REFRESH_AHEAD_MS. */
  async refreshExpiring(): Promise<TokenRefreshReport> {
    const report: TokenRefreshReport = { refreshed: 0, reconnectNeeded: 0, failed: 0 };
    const expiring = await this.credentials.listExpiring({
      before: this.clock.now() + REFRESH_AHEAD_MS,
      limit: REFRESH_BATCH,
    });
    for (const account of expiring) {
      const connector = this.registry.find(account.network, account.environment);
      const stored = await this.accounts.findWithCredentials(account.id);
      if (!connector || !stored) continue;
      try {
        const stale = this.secrets.openJson(stored.sealedCredentials) as Credentials;
        await this.renew(account.id, stale, (current) => connector.refresh(current));
        report.refreshed += 1;
      } catch (error) {
        if (isConnectorError(error) && error.errorClass === 'auth') {
          await this.markReconnectNeeded(account.id, error.networkMessage ?? error.message);
          report.reconnectNeeded += 1;
        } else {
          report.failed += 1;
          this.logger.warn(
            { err: error, accountId: account.id },
            'refreshing credentials failed; the next refresh run tries again',
          );
        }
      }
    }
    if (expiring.length > 0) this.logger.info(report, 'credentials refreshed ahead of expiry');
    return report;
  }

  /** The network refused the account for good: mark it and tell people, once. */
  async markReconnectNeeded(accountId: string, reason: string): Promise<void> {
    const found = await this.accounts.findWithCredentials(accountId);
    if (!found) return;
    const { account } = found;
    const now = this.clock.now();
    await this.accounts.setState(accountId, 'reconnect_needed', now);
    const network = this.registry.find(account.network, account.environment)?.displayName ?? account.network;
    await this.alerts.raise({
      id: randomUUID(),
      workspaceId: account.workspaceId,
      kind: 'account_reconnect_needed',
      accountId,
      publicationId: null,
      message: `${account.handle} on ${network} must be connected again before Crier can publish to it (${network} said: ${reason})`,
      createdAt: now,
    });
  }
}

/** Credentials compared by content; key order does not matter. */
export function sameCredentials(a: Credentials, b: Credentials): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
