import type { VariantCheck, VariantContent } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment, Network } from '../../core/networks.js';
import type { AudienceSegment } from '../../core/segment.js';

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
  /** The server the person typed (a Mastodon instance host), for methods that ask for one (`needsServer`). */
  server?: string;
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
      /**
       * Present when the network is many servers (Mastodon instances): the UI asks for one, in these
       * words, and passes it to `begin` as `server`.
       */
      needsServer?: { label: string; example: string };
      begin(input: OAuthBeginInput): Promise<OAuthBegin>;
      /**
       * Exchanges the code. Returns one account, or a choice when the login grants several (Facebook
       * Pages, Instagram professional accounts, LinkedIn organizations): the person picks which to connect.
       */
      complete(input: OAuthCompleteInput): Promise<ConnectedAccount | AccountChoice>;
    }
  | {
      kind: 'password';
      /** Default service URL shown in the form; a user may type another (self-hosted PDS). */
      defaultService: string;
      /** What the network calls the secret: e.g. "App password". */
      secretLabel: string;
      login(input: PasswordLoginInput): Promise<ConnectedAccount>;
    };

/** Several accounts one login can act for; each candidate carries its own credentials (a Page token). */
export interface AccountChoice {
  kind: 'choice';
  candidates: ConnectedAccount[];
}

export function isAccountChoice(value: ConnectedAccount | AccountChoice): value is AccountChoice {
  return (value as AccountChoice).kind === 'choice';
}

/** Media handed to a connector at publish time. Large files are streamed, never read whole. */
export interface PublishMedia {
  id: string;
  kind: 'image' | 'video';
  mimeType: string;
  size: number;
  altText: string;
  fileName: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** The whole file; for images and other small files. */
  read(): Promise<Uint8Array>;
  /** The file as a stream, optionally a byte range [start, end) — for chunked and resumable uploads. */
  stream(range?: { start: number; end: number }): NodeJS.ReadableStream;
}

export interface PublishRequest {
  /** Crier's publication id: connectors may use it as an idempotency key or marker. */
  publicationId: string;
  text: string;
  media: PublishMedia[];
  /** Title where the network has one (YouTube, Pinterest). */
  title?: string;
  /** The post's main link where the network takes one apart from the text (Pinterest, LinkedIn articles). */
  link?: string;
  /** Network-specific options, already checked by `validate` (privacy, board, visibility, content warning…). */
  options?: Record<string, unknown>;
  /** Native targeting fields compiled from the variant's segment by `compileTargeting`. */
  targeting?: Record<string, unknown>;
}

export interface PublishResult {
  remoteId: string;
  permalink: string;
  /**
   * What went wrong after the post existed and does not undo it (a thumbnail YouTube refused): worth
   * showing people, never a reason to publish again.
   */
  warnings?: string[];
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
  /**
   * Renews credentials under a lock every Crier process honours. `renew` runs only while the stored
   * credentials are still `stale`; when another process renewed them meanwhile, those come back
   * instead. Networks rotate refresh tokens, so two processes renewing at once would lock the account
   * out. Absent (in tests): renew directly and save with `saveCredentials`.
   */
  renewCredentials?(
    stale: Credentials,
    renew: (current: Credentials) => Promise<ConnectedAccount>,
  ): Promise<Credentials>;
}

/** A network's published limit on posting: `limit` posts per `windowMs`. */
export interface PostingRule {
  limit: number;
  windowMs: number;
}

/**
 * The posting limits a network publishes, which Crier's rate budgets follow so a burst of posts waits
 * in Crier instead of being refused: per account (per user token) and per app (all accounts of this
 * connector together).
 */
export interface PublishLimits {
  perAccount?: PostingRule;
  perApp?: PostingRule;
}

/** What Crier knows when it looks for a post whose publish call ended without an answer. */
export interface FindPublishedInput {
  publicationId: string;
  /** The text that was sent, as sent. */
  text: string;
  /** Epoch ms when the first attempt started: the post cannot be older. */
  since: number;
}

/** Crier's common metric names; each connector maps its network's own names onto them. */
export const COMMON_METRICS = [
  'impressions',
  'reach',
  'likes',
  'comments',
  'shares',
  'saves',
  'clicks',
  'video_views',
] as const;
export type CommonMetric = (typeof COMMON_METRICS)[number];

export interface MetricsReading {
  /** Only the metrics the network reports; absent means "not available", never zero. */
  metrics: Partial<Record<CommonMetric, number>>;
  /** The network's own names and values, kept beside. */
  raw: Record<string, number>;
}

export interface RemoteComment {
  remoteId: string;
  /** The comment it answers, when it is a reply to a comment rather than to the post. */
  parentRemoteId?: string;
  author: { remoteId: string; handle: string; displayName?: string };
  text: string;
  createdAt: number;
}

export interface CommentPage {
  comments: RemoteComment[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

/** Compiled native targeting, or why the network cannot express the segment (never silently dropped). */
export type TargetingResult = { ok: true; targeting: Record<string, unknown> } | { ok: false; reasons: string[] };

export interface Capabilities {
  /**
   * How posts reach the network: through its API (every Connector), or `manual` for a ManualNetwork,
   * where a person posts the bundle Crier prepares. Absent: `api`.
   */
  publishing?: 'api' | 'manual';
  text: boolean;
  images: boolean;
  video: boolean;
  linkCards: boolean;
  audienceTargeting: boolean;
  engagement: boolean;
  metrics: boolean;
}

/** A place inside an account that a post goes into (a Pinterest board). */
export interface Destination {
  id: string;
  name: string;
}

/** For networks that post into a sub-destination the person picks per variant. */
export interface DestinationPicker {
  /** What the network calls it ("Board"). */
  label: string;
  /** The `PublishRequest.options` key the chosen id goes in (`boardId`); `validate` requires it. */
  optionKey: string;
  list(session: AccountSession): Promise<Destination[]>;
}

/** One file of a manual post, streamed when downloaded. */
export interface ManualPostFile {
  fileName: string;
  mimeType: string;
  size: number;
  stream(): NodeJS.ReadableStream;
}

/** Everything a person needs to post by hand: the text to paste, the files, and the steps. */
export interface ManualPostBundle {
  text: string;
  files: ManualPostFile[];
  steps: string[];
  /** Where the person posts (the network's web composer or app page). */
  postUrl: string;
}

/** How Crier prepares a post for a person to make by hand. */
export interface ManualPublishing {
  /** Why Crier cannot post here itself, plainly, for the UI. */
  reason: string;
  /** Builds the bundle for a due publication; the UI offers it for download with a reminder. */
  prepare(request: PublishRequest): Promise<ManualPostBundle>;
}

/**
 * What every network Crier offers has, whichever way its posts go out (a Connector through the API, a
 * ManualNetwork by hand): its name, its limits and the checks a variant must pass before scheduling.
 * Services that validate and name networks ask the registry for these and never for the kind.
 */
export interface NetworkRules {
  readonly network: Network;
  readonly environment: Environment;
  /** Human name of the network ("X", "Bluesky"). */
  readonly displayName: string;
  readonly capabilities: Capabilities;
  readonly limits: NetworkLimits;
  /** Checks content against the network's limits, returning every problem at once. No I/O. */
  validate(content: VariantContent): VariantCheck;
  /** Absent: the network has no audience targeting for organic posts. */
  compileTargeting?(segment: AudienceSegment): TargetingResult;
}

/** A handle as a person typed it: the profile it names, or why it cannot name one. */
export type ManualProfileResult = { ok: true; profile: AccountProfile } | { ok: false; message: string };

/**
 * How a person adds the profile they post from by hand. There is no login, so nothing on the network
 * confirms the profile: Crier keeps the handle to say where each post goes.
 */
export interface ManualProfile {
  /** What the network calls the handle ("Username"), for the form. */
  label: string;
  example: string;
  parse(handle: string): ManualProfileResult;
}

/**
 * A network Crier cannot post to through an official API in this configuration (Snapchat without
 * Snap's allowlisting): no account to connect and no `publish`. Crier validates the variant against
 * the network's limits like any other, and at the due time hands a person the bundle to post by hand.
 * Listed beside the connectors, never disguised as one.
 */
export interface ManualNetwork extends NetworkRules {
  /** `publishing` is `manual`. */
  readonly capabilities: Capabilities;
  readonly profile: ManualProfile;
  readonly manual: ManualPublishing;
}

/**
 * One connector per network and environment. Generic code (services, scheduler, HTTP, UI) only ever
 * talks to this interface and never asks which network it holds.
 */
export interface Connector extends NetworkRules {
  readonly connect: ConnectMethod;
  /** The network's published posting limits; absent: Crier keeps no budget for it. */
  readonly publishLimits?: PublishLimits;
  /** Present when every post goes into a destination the person picks (Pinterest boards). */
  readonly destinations?: DestinationPicker;
  /** Renews credentials; throws a ConnectorError of class `auth` when the person must reconnect. */
  refresh(credentials: Credentials): Promise<ConnectedAccount>;
  /**
   * Publishes. Throws ConnectorError for every failure, classified so the scheduler knows whether a
   * retry is safe. A connector never retries a call that may have published.
   */
  publish(session: AccountSession, request: PublishRequest): Promise<PublishResult>;
  /**
   * Reconciliation after an unknown outcome: the post this publication made, if the network has it;
   * undefined when the network certainly has none. Throws a ConnectorError when it cannot tell now.
   * Absent: the network gives no way to look, and an unknown outcome is left to a person.
   */
  findPublished?(session: AccountSession, input: FindPublishedInput): Promise<PublishResult | undefined>;
  /** Comments on a published post, oldest first, page by page. */
  listComments?(session: AccountSession, input: { postRemoteId: string; cursor?: string }): Promise<CommentPage>;
  replyToComment?(
    session: AccountSession,
    input: { postRemoteId: string; commentRemoteId: string; text: string },
  ): Promise<PublishResult>;
  readMetrics?(session: AccountSession, input: { postRemoteId: string }): Promise<MetricsReading>;
}
