import type { VariantCheck, VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment, Network } from '../../core/networks.js';

/**
 * Credentials are the connector's own business: a JSON object it returns on connect and refresh and
 * receives back on every call. Crier stores them encrypted and never looks inside.
 */
export type Credentials = Record<string, unknown>;

/** What a connector learns about an account when it is connected or refreshed. */
export interface AccountProfile {
  /** The network's stable id for the account (X user id, Bluesky DID). */
  remoteId: string;
  handle: string;
  displayName: string;
  profileUrl: string;
  avatarUrl?: string;
}

export interface ConnectedAccount {
  profile: AccountProfile;
  credentials: Credentials;
  /** When the access credentials stop working, if the network says. Epoch ms. */
  expiresAt?: number;
}

export interface OAuthBeginInput {
  redirectUri: string;
  state: string;
}

export interface OAuthBegin {
  authorizeUrl: string;
  /** Secret the connector needs back to complete (PKCE verifier); Crier keeps it server-side with the state. */
  codeVerifier: string;
}

export interface OAuthCompleteInput {
  redirectUri: string;
  code: string;
  codeVerifier: string;
}

export interface PasswordLoginInput {
  /** The server to log in to (a Bluesky PDS); the connector's default when empty. */
  service?: string;
  identifier: string;
  password: string;
}

/** How a person connects an account. The UI draws the screen from this, not from the network's name. */
export type ConnectMethod =
  | {
      kind: 'oauth2';
      begin(input: OAuthBeginInput): Promise<OAuthBegin>;
      complete(input: OAuthCompleteInput): Promise<ConnectedAccount>;
    }
  | {
      kind: 'password';
      /** Default service URL shown in the form; a user may type another (self-hosted PDS). */
      defaultService: string;
      /** What the network calls the secret: e.g. "App password". */
      secretLabel: string;
      login(input: PasswordLoginInput): Promise<ConnectedAccount>;
    };

/** Media bytes handed to a connector at publish time. */
export interface PublishMedia {
  id: string;
  mimeType: string;
  size: number;
  altText: string;
  fileName: string;
  read(): Promise<Uint8Array>;
}

export interface PublishRequest {
  /** Crier's publication id: connectors may use it as an idempotency key or marker. */
  publicationId: string;
  text: string;
  media: PublishMedia[];
}

export interface PublishResult {
  remoteId: string;
  permalink: string;
}

/** The account as a connector sees it on every call. */
export interface AccountSession {
  profile: AccountProfile;
  credentials: Credentials;
  /**
   * Saves credentials that changed during a call (a refreshed token), before the call goes on, so a
   * crash right after cannot lose a rotated refresh token.
   */
  saveCredentials(next: ConnectedAccount): Promise<void>;
}

export interface Capabilities {
  text: boolean;
  images: boolean;
  video: boolean;
  linkCards: boolean;
  audienceTargeting: boolean;
  engagement: boolean;
  metrics: boolean;
}

/**
 * One connector per network and environment. Generic code (services, scheduler, HTTP, UI) only ever
 * talks to this interface and never asks which network it holds.
 */
export interface Connector {
  readonly network: Network;
  readonly environment: Environment;
  /** Human name of the network ("X", "Bluesky"). */
  readonly displayName: string;
  readonly capabilities: Capabilities;
  readonly limits: NetworkLimits;
  readonly connect: ConnectMethod;
  /** Checks content against the network's limits, returning every problem at once. No I/O. */
  validate(content: VariantContent): VariantCheck;
  /** Renews credentials; throws a ConnectorError of class `auth` when the person must reconnect. */
  refresh(credentials: Credentials): Promise<ConnectedAccount>;
  /**
   * Publishes. Throws ConnectorError for every failure, classified so the scheduler knows whether a
   * retry is safe. A connector never retries a call that may have published.
   */
  publish(session: AccountSession, request: PublishRequest): Promise<PublishResult>;
}
