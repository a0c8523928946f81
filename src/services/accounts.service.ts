import { randomBytes, randomUUID } from 'node:crypto';
import {
  type AccountChoice,
  type AccountProfile,
  type AccountSession,
  type ConnectedAccount,
  type Connector,
  isAccountChoice,
  type NetworkRules,
} from '../connectors/kit/connector.js';
import { isConnectorError } from '../connectors/kit/errors.js';
import type { ConnectorRegistry } from '../connectors/kit/registry.js';
import { CrierError, invalidInput, notFound } from '../core/errors.js';
import type { Account } from '../core/model.js';
import type { Environment, Network } from '../core/networks.js';
import type { AccountsRepository } from '../store/repositories/accounts.repository.js';
import type { SecretBox } from '../store/secret-box.js';
import type { Clock } from './clock.js';

const OAUTH_REQUEST_LIFETIME_MS = 15 * 60 * 1000;
const CHOICE_LIFETIME_MS = 15 * 60 * 1000;

/** The outcome of a connection: an account, or a choice the person must make first. */
export type ConnectOutcome =
  | { kind: 'connected'; account: Account }
  | { kind: 'choice'; token: string; candidates: AccountProfile[] };

export interface PendingChoiceView {
  network: Network;
  environment: Environment;
  candidates: AccountProfile[];
}

/** What the UI needs to offer a way to connect an account on a network. */
export interface NetworkOffer {
  network: Network;
  environment: Environment;
  displayName: string;
  /** `api`: Crier posts through the network's API. `manual`: a person posts what Crier prepares. */
  publishing: 'api' | 'manual';
  /** For manual networks: why Crier cannot post there itself, plainly. */
  reason?: string;
  connect:
    | { kind: 'oauth2'; needsServer?: { label: string; example: string } }
    | { kind: 'password'; defaultService: string; secretLabel: string; hint?: SandboxHint }
    /** No login: the person types the handle of the profile they post from. */
    | { kind: 'manual'; label: string; example: string };
  limits: NetworkRules['limits'];
  capabilities: NetworkRules['capabilities'];
  /** For networks that post into a sub-destination (a Pinterest board): what to ask for, and where it goes. */
  destinations?: { label: string; optionKey: string };
}

/** Credentials of a ready-made sandbox account, shown to people rehearsing with the emulators. */
export interface SandboxHint {
  identifier: string;
  password: string;
}

export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly sandboxHints: Partial<Record<Network, SandboxHint>> = {},
  ) {}

  /** Every network this Crier offers: those it connects to, then those posted by hand. */
  offers(): NetworkOffer[] {
    const byHand = this.registry.listManual().map(
      (manual): NetworkOffer => ({
        network: manual.network,
        environment: manual.environment,
        displayName: manual.displayName,
        publishing: 'manual',
        reason: manual.manual.reason,
        connect: { kind: 'manual', label: manual.profile.label, example: manual.profile.example },
        limits: manual.limits,
        capabilities: manual.capabilities,
      }),
    );
    return [...this.connectorOffers(), ...byHand];
  }

  private connectorOffers(): NetworkOffer[] {
    return this.registry.list().map((connector) => ({
      network: connector.network,
      environment: connector.environment,
      displayName: connector.displayName,
      publishing: 'api',
      connect:
        connector.connect.kind === 'oauth2'
          ? { kind: 'oauth2', ...(connector.connect.needsServer ? { needsServer: connector.connect.needsServer } : {}) }
          : {
              kind: 'password',
              defaultService: connector.connect.defaultService,
              secretLabel: connector.connect.secretLabel,
              ...(connector.environment === 'sandbox' && this.sandboxHints[connector.network]
                ? { hint: this.sandboxHints[connector.network] }
                : {}),
            },
      limits: connector.limits,
      capabilities: connector.capabilities,
      ...(connector.destinations
        ? { destinations: { label: connector.destinations.label, optionKey: connector.destinations.optionKey } }
        : {}),
    }));
  }

  list(workspaceId: string): Promise<Account[]> {
    return this.accounts.list(workspaceId);
  }

  async get(workspaceId: string, id: string): Promise<Account> {
    const account = await this.accounts.find(workspaceId, id);
    if (!account) throw notFound('Account', id);
    return account;
  }

  callbackUrl(network: Network): string {
    return `${this.publicUrl}/api/oauth/callback/${network}`;
  }

  async beginOAuth(input: {
    workspaceId: string;
    userId: string;
    network: Network;
    environment: Environment;
    /** The server the person typed, for networks made of many servers (a Mastodon instance). */
    server?: string;
  }): Promise<{ authorizeUrl: string }> {
    const connector = this.registry.get(input.network, input.environment);
    const method = connector.connect;
    if (method.kind !== 'oauth2') {
      throw invalidInput(`${connector.displayName} connects with a ${method.secretLabel}, not OAuth`);
    }
    const server = input.server?.trim();
    if (method.needsServer && !server) {
      throw invalidInput(`Type ${method.needsServer.label.toLowerCase()} (for example ${method.needsServer.example})`);
    }
    const state = randomBytes(24).toString('base64url');
    const begun = await this.translateConnectFailure(connector, () =>
      method.begin({ redirectUri: this.callbackUrl(input.network), state, ...(server ? { server } : {}) }),
    );
    const now = this.clock.now();
    await this.accounts.saveOAuthRequest(
      {
        state,
        workspaceId: input.workspaceId,
        userId: input.userId,
        network: input.network,
        environment: input.environment,
        sealedCodeVerifier: this.secrets.seal(begun.codeVerifier),
        expiresAt: now + OAUTH_REQUEST_LIFETIME_MS,
      },
      now,
    );
    return { authorizeUrl: begun.authorizeUrl };
  }

  /** The network sent the person back: exchange the code and store the account. */
  async completeOAuth(input: {
    network: Network;
    state: string;
    code: string;
    userId: string;
  }): Promise<ConnectOutcome> {
    const request = await this.accounts.takeOAuthRequest(input.state, this.clock.now());
    if (!request || request.network !== input.network) {
      throw invalidInput('This connection link has expired or was already used: start connecting again');
    }
    if (request.userId !== input.userId) throw invalidInput('This connection was started by someone else');
    const connector = this.registry.get(request.network, request.environment);
    const method = connector.connect;
    if (method.kind !== 'oauth2') throw invalidInput(`${connector.displayName} does not use OAuth`);
    const connected = await this.translateConnectFailure(connector, () =>
      method.complete({
        code: input.code,
        codeVerifier: this.secrets.open(request.sealedCodeVerifier),
        redirectUri: this.callbackUrl(input.network),
      }),
    );
    return this.settle({ workspaceId: request.workspaceId, userId: input.userId, connector, connected });
  }

  async connectWithPassword(input: {
    workspaceId: string;
    network: Network;
    environment: Environment;
    service?: string;
    identifier: string;
    password: string;
  }): Promise<Account> {
    const connector = this.registry.get(input.network, input.environment);
    const method = connector.connect;
    if (method.kind !== 'password')
      throw invalidInput(`${connector.displayName} connects through its own sign-in page`);
    const connected = await this.translateConnectFailure(connector, () =>
      method.login({ service: input.service, identifier: input.identifier, password: input.password }),
    );
    return this.store(input.workspaceId, connector, connected);
  }

  /**
   * Adds the profile a person posts from by hand on a manual network. Nothing is signed in to, so the
   * account holds no credentials; it is connected from the start and lives in the manual network's
   * environment. Adding the same profile again returns it.
   */
  async addManualProfile(input: { workspaceId: string; network: Network; handle: string }): Promise<Account> {
    const manual = this.registry.listManual().find((candidate) => candidate.network === input.network);
    if (!manual) {
      const connector = this.registry.list().find((candidate) => candidate.network === input.network);
      throw invalidInput(
        connector
          ? `Crier posts to ${connector.displayName} through its API: connect the account with its sign-in instead`
          : `${input.network} is not offered by this Crier`,
        { field: 'network' },
      );
    }
    const parsed = manual.profile.parse(input.handle);
    if (!parsed.ok) throw invalidInput(parsed.message, { field: 'handle' });
    return this.store(input.workspaceId, manual, { profile: parsed.profile, credentials: {} });
  }

  async disconnect(workspaceId: string, id: string): Promise<void> {
    if (!(await this.accounts.delete(workspaceId, id))) throw notFound('Account', id);
  }

  /** The account, its connector and a session for it, as the publisher needs them. */
  async openSession(accountId: string): Promise<{ account: Account; connector: Connector; session: AccountSession }> {
    const found = await this.accounts.findWithCredentials(accountId);
    if (!found) throw notFound('Account', accountId);
    const connector = this.registry.get(found.account.network, found.account.environment);
    const session: AccountSession = {
      profile: {
        remoteId: found.account.remoteId,
        handle: found.account.handle,
        displayName: found.account.displayName,
        profileUrl: found.account.profileUrl,
      },
      credentials: this.secrets.openJson(found.sealedCredentials),
      saveCredentials: async (next) => {
        await this.accounts.saveCredentials(
          accountId,
          this.secrets.sealJson(next.credentials),
          next.expiresAt ?? null,
          this.clock.now(),
        );
        session.credentials = next.credentials;
      },
    };
    return { account: found.account, connector, session };
  }

  /** The places inside an account a post can go (Pinterest boards), read from the network. */
  async destinations(workspaceId: string, accountId: string) {
    await this.get(workspaceId, accountId);
    const { connector, session } = await this.openSession(accountId);
    if (!connector.destinations) throw invalidInput(`${connector.displayName} posts straight to the account`);
    const picker = connector.destinations;
    const destinations = await this.translateConnectFailure(connector, () => picker.list(session));
    return { label: picker.label, optionKey: picker.optionKey, destinations };
  }

  async markReconnectNeeded(accountId: string): Promise<void> {
    await this.accounts.setState(accountId, 'reconnect_needed', this.clock.now());
  }

  private async store(workspaceId: string, connector: NetworkRules, connected: ConnectedAccount): Promise<Account> {
    return this.accounts.upsert({
      id: randomUUID(),
      workspaceId,
      network: connector.network,
      environment: connector.environment,
      remoteId: connected.profile.remoteId,
      handle: connected.profile.handle,
      displayName: connected.profile.displayName,
      profileUrl: connected.profile.profileUrl,
      avatarUrl: connected.profile.avatarUrl ?? null,
      sealedCredentials: this.secrets.sealJson(connected.credentials),
      credentialsExpireAt: connected.expiresAt ?? null,
      now: this.clock.now(),
    });
  }

  /** The candidates of a pending choice, for the person who started it. */
  async pendingChoice(workspaceId: string, userId: string, token: string): Promise<PendingChoiceView> {
    const pending = await this.requireChoice(workspaceId, userId, token);
    const candidates = this.secrets.openJson<ConnectedAccount[]>(pending.sealedCandidates);
    return { network: pending.network, environment: pending.environment, candidates: candidates.map((c) => c.profile) };
  }

  /** Connects the chosen candidates of a pending choice; the choice is then spent. */
  async choose(workspaceId: string, userId: string, token: string, remoteIds: string[]): Promise<Account[]> {
    const pending = await this.requireChoice(workspaceId, userId, token);
    const candidates = this.secrets.openJson<ConnectedAccount[]>(pending.sealedCandidates);
    const chosen = candidates.filter((candidate) => remoteIds.includes(candidate.profile.remoteId));
    const unknown = remoteIds.filter((id) => !candidates.some((candidate) => candidate.profile.remoteId === id));
    if (unknown.length > 0) throw invalidInput(`Not among the accounts offered: ${unknown.join(', ')}`);
    if (chosen.length === 0) throw invalidInput('Choose at least one account to connect');
    if (!(await this.accounts.deletePendingChoice(token))) throw invalidInput('This choice was already made');
    const connector = this.registry.get(pending.network, pending.environment);
    const stored: Account[] = [];
    for (const candidate of chosen) stored.push(await this.store(workspaceId, connector, candidate));
    return stored;
  }

  private async requireChoice(workspaceId: string, userId: string, token: string) {
    const pending = await this.accounts.findPendingChoice(token, this.clock.now());
    if (!pending || pending.workspaceId !== workspaceId || pending.userId !== userId) {
      throw invalidInput('This choice of accounts has expired or was already made: connect again');
    }
    return pending;
  }

  /** Stores a single account at once; keeps several as a pending choice for the person to make. */
  private async settle(input: {
    workspaceId: string;
    userId: string;
    connector: Connector;
    connected: ConnectedAccount | AccountChoice;
  }): Promise<ConnectOutcome> {
    const { connected, connector } = input;
    if (!isAccountChoice(connected)) {
      return { kind: 'connected', account: await this.store(input.workspaceId, connector, connected) };
    }
    const [only, ...others] = connected.candidates;
    if (!only) throw invalidInput(`${connector.displayName} offered no account this login can publish to`);
    if (others.length === 0) {
      return { kind: 'connected', account: await this.store(input.workspaceId, connector, only) };
    }
    const token = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    await this.accounts.savePendingChoice(
      {
        token,
        workspaceId: input.workspaceId,
        userId: input.userId,
        network: connector.network,
        environment: connector.environment,
        sealedCandidates: this.secrets.sealJson(connected.candidates),
        expiresAt: now + CHOICE_LIFETIME_MS,
      },
      now,
    );
    return { kind: 'choice', token, candidates: connected.candidates.map((candidate) => candidate.profile) };
  }

  private async translateConnectFailure<T>(connector: Connector, connect: () => Promise<T>): Promise<T> {
    try {
      return await connect();
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      const reason = error.networkMessage
        ? `${error.message} (${connector.displayName} said: ${error.networkMessage})`
        : error.message;
      if (error.errorClass === 'auth' || error.errorClass === 'invalid_content') {
        throw new CrierError('invalid_input', `Could not connect to ${connector.displayName}: ${reason}`, {
          cause: error,
        });
      }
      if (error.errorClass === 'rate_limited') {
        throw new CrierError('rate_limited', `${connector.displayName} is rate limiting sign-ins: ${reason}`, {
          cause: error,
        });
      }
      throw new CrierError('transient', `${connector.displayName} could not be reached: ${reason}`, { cause: error });
    }
  }
}
