import { Agent, XRPCError } from '@atproto/api';
import { ConnectorError } from '../kit/errors.js';
import { type BlueskyCredentials, needsRefresh } from './credentials.js';
import { isNotFound, isTokenError, NETWORK_NAME, toConnectorError } from './errors.js';

/**
 * Talking to a PDS with app-password sessions. Crier manages the session itself instead of letting
 * @atproto/api refresh it behind the scenes, because a refreshed refresh token must be saved before
 * the call goes on (the old one stops working), and that save is asynchronous.
 */

export interface Transport {
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Every request gets the connector's time limit; a timed-out write is reported as an unknown outcome. */
export function withTimeout(transport: Transport): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(transport.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return transport.fetch(input, { ...init, signal });
  };
}

function agentFor(transport: Transport, service: string, authorization?: () => string): Agent {
  return new Agent({
    service,
    fetch: withTimeout(transport),
    ...(authorization ? { headers: { authorization } } : {}),
  });
}

export async function login(
  transport: Transport,
  service: string,
  identifier: string,
  password: string,
): Promise<BlueskyCredentials> {
  const agent = agentFor(transport, service);
  try {
    const { data } = await agent.com.atproto.server.createSession({ identifier, password });
    return {
      service,
      pdsUrl: pdsEndpointOf(data.didDoc) ?? service,
      did: data.did,
      handle: data.handle,
      accessJwt: data.accessJwt,
      refreshJwt: data.refreshJwt,
    };
  } catch (error) {
    throw toConnectorError(error, 'logging in');
  }
}

/** A new session from the refresh token; a refused refresh token means the person must reconnect. */
export async function refreshSession(
  transport: Transport,
  credentials: BlueskyCredentials,
): Promise<BlueskyCredentials> {
  const agent = agentFor(transport, credentials.service, () => `Bearer ${credentials.refreshJwt}`);
  try {
    const { data } = await agent.com.atproto.server.refreshSession();
    if (data.active === false) {
      throw new ConnectorError('auth', `The ${NETWORK_NAME} account is ${data.status ?? 'not active'}`, {
        networkCode: data.status,
      });
    }
    return {
      ...credentials,
      pdsUrl: pdsEndpointOf(data.didDoc) ?? credentials.pdsUrl,
      did: data.did,
      handle: data.handle,
      accessJwt: data.accessJwt,
      refreshJwt: data.refreshJwt,
    };
  } catch (error) {
    throw toConnectorError(error, 'renewing the session');
  }
}

export interface ProfileRecord {
  displayName?: string;
  avatarUrl?: string;
}

/**
 * The account's profile record, read from its own PDS: that works everywhere, including the local
 * network, which has no AppView to answer app.bsky.actor.getProfile. A profile that cannot be read is
 * no reason to refuse an account: the caller falls back to the handle.
 */
export async function readProfileRecord(transport: Transport, credentials: BlueskyCredentials): Promise<ProfileRecord> {
  const service = credentials.pdsUrl ?? credentials.service;
  const agent = agentFor(transport, service);
  try {
    const { data } = await agent.com.atproto.repo.getRecord({
      repo: credentials.did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
    });
    const value = data.value as { displayName?: unknown; avatar?: { ref?: { toString(): string } } };
    const profile: ProfileRecord = {};
    if (typeof value.displayName === 'string' && value.displayName.trim())
      profile.displayName = value.displayName.trim();
    const avatarCid = value.avatar?.ref?.toString();
    if (avatarCid) {
      const url = new URL('/xrpc/com.atproto.sync.getBlob', service);
      url.searchParams.set('did', credentials.did);
      url.searchParams.set('cid', avatarCid);
      profile.avatarUrl = url.toString();
    }
    return profile;
  } catch (error) {
    if (error instanceof XRPCError) return {}; // no profile, or none readable: the handle will do
    throw error;
  }
}

/**
 * Renews credentials under a lock shared by every Crier process; `refresh` runs only while the stored
 * credentials are still `stale`, otherwise the ones another process saved come back.
 */
export type SharedRenewal = (
  stale: BlueskyCredentials,
  refresh: (current: BlueskyCredentials) => Promise<BlueskyCredentials>,
) => Promise<BlueskyCredentials>;

/** Calls refused for their token are tried again at most this often (after a refresh, or after adopting one). */
const MAX_TOKEN_RETRIES = 2;

/**
 * One account's session for the length of a call: refreshes an access token that has expired (or is
 * about to) before using it, and again if the PDS refuses it anyway, saving each new pair of tokens
 * before going on. With a shared renewal, tokens another process renewed meanwhile are adopted
 * rather than refreshed again: the PDS rotates refresh tokens. It refreshes at most once itself.
 */
export class AccountClient {
  private credentials: BlueskyCredentials;
  private refreshedHere = false;
  private readonly agent: Agent;

  constructor(
    private readonly transport: Transport,
    credentials: BlueskyCredentials,
    private readonly onRefreshed: (credentials: BlueskyCredentials) => Promise<void>,
    private readonly sharedRenewal?: SharedRenewal,
  ) {
    this.credentials = credentials;
    this.agent = new Agent({
      service: () => this.credentials.pdsUrl ?? this.credentials.service,
      headers: { authorization: () => `Bearer ${this.credentials.accessJwt}` },
      fetch: withTimeout(transport),
    });
  }

  get did(): string {
    return this.credentials.did;
  }

  get current(): BlueskyCredentials {
    return this.credentials;
  }

  async ensureFresh(now: number = Date.now()): Promise<void> {
    if (!this.refreshedHere && needsRefresh(this.credentials, now)) await this.refresh();
  }

  /**
   * Runs `work` with the agent. A refused token is renewed and the work tried again: the PDS checks
   * the token before doing anything, so a refused call did nothing and may be repeated.
   * Errors come back as they are; the caller classifies them, since it knows what it was doing.
   */
  async call<T>(work: (agent: Agent) => Promise<T>): Promise<T> {
    for (let retries = 0; ; retries += 1) {
      try {
        return await work(this.agent);
      } catch (error) {
        if (!isTokenError(error) || this.refreshedHere || retries >= MAX_TOKEN_RETRIES) throw error;
      }
      await this.refresh();
    }
  }

  /** Resolves a handle to a DID; undefined for a handle that does not resolve. */
  async resolveHandle(handle: string): Promise<string | undefined> {
    try {
      const { data } = await this.call((agent) => agent.com.atproto.identity.resolveHandle({ handle }));
      return data.did;
    } catch (error) {
      // The PDS answers 400 "Unable to resolve handle" for a handle that leads nowhere.
      if (error instanceof XRPCError && (error.status === 400 || isNotFound(error))) return undefined;
      throw error;
    }
  }

  private async refresh(): Promise<void> {
    const refreshHere = async (current: BlueskyCredentials) => {
      this.refreshedHere = true;
      return refreshSession(this.transport, current);
    };
    if (this.sharedRenewal) {
      this.credentials = await this.sharedRenewal(this.credentials, refreshHere);
      return;
    }
    this.credentials = await refreshHere(this.credentials);
    await this.onRefreshed(this.credentials);
  }
}

/** The PDS URL in a DID document's `#atproto_pds` service entry, where the account's repo lives. */
export function pdsEndpointOf(didDoc: unknown): string | undefined {
  if (typeof didDoc !== 'object' || didDoc === null) return undefined;
  const services = (didDoc as { service?: unknown }).service;
  if (!Array.isArray(services)) return undefined;
  for (const service of services) {
    const entry = service as { id?: unknown; type?: unknown; serviceEndpoint?: unknown };
    const isPds = entry.id === '#atproto_pds' || (typeof entry.id === 'string' && entry.id.endsWith('#atproto_pds'));
    if (isPds && typeof entry.serviceEndpoint === 'string') return entry.serviceEndpoint.replace(/\/$/, '');
  }
  return undefined;
}
