import { randomBytes } from 'node:crypto';

export interface ThreadsUser {
  id: string;
  username: string;
  name: string;
  biography: string;
  isVerified: boolean;
  /** Meta's per-account switch for `allowlisted_country_codes` (`is_eligible_for_geo_gating`). */
  eligibleForGeoGating: boolean;
  followersCount: number;
}

export type MediaType = 'TEXT' | 'IMAGE' | 'VIDEO' | 'CAROUSEL';
export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

/** A media container: what `POST /{user}/threads` creates and `threads_publish` turns into a post. */
export interface Container {
  id: string;
  ownerId: string;
  mediaType: MediaType;
  text: string | undefined;
  imageUrl: string | undefined;
  videoUrl: string | undefined;
  altText: string | undefined;
  isCarouselItem: boolean;
  children: string[];
  replyToId: string | undefined;
  quotePostId: string | undefined;
  replyControl: string | undefined;
  allowlistedCountryCodes: string[] | undefined;
  linkAttachment: string | undefined;
  topicTag: string | undefined;
  locationId: string | undefined;
  status: ContainerStatus;
  errorMessage: string | undefined;
  /** Bytes fetched from image_url or video_url. */
  fetchedBytes: number | undefined;
  createdAt: number;
  publishedMediaId: string | undefined;
}

export interface InsightCounts {
  views: number;
  likes: number;
  reposts: number;
  quotes: number;
  shares: number;
}

/** A published post or reply: Threads calls both media objects. */
export interface ThreadsMedia {
  id: string;
  ownerId: string;
  shortcode: string;
  /** Threads' read-side names: TEXT_POST, IMAGE, VIDEO, CAROUSEL_ALBUM. */
  mediaType: 'TEXT_POST' | 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  text: string;
  mediaUrl: string | undefined;
  altText: string | undefined;
  /** Carousel items, in order. */
  children: Array<{ id: string; mediaType: 'IMAGE' | 'VIDEO'; mediaUrl: string | undefined; altText?: string }>;
  replyToId: string | undefined;
  rootPostId: string | undefined;
  quotePostId: string | undefined;
  replyControl: string;
  allowlistedCountryCodes: string[] | undefined;
  linkAttachmentUrl: string | undefined;
  topicTag: string | undefined;
  hidden: boolean;
  deleted: boolean;
  timestamp: number;
  insights: InsightCounts;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export interface TokenGrant {
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
  kind: 'short' | 'long';
  issuedAt: number;
  expiresAt: number;
}

export interface ThreadsSnapshot {
  kind: 'threads-emulator';
  version: 1;
  users: ThreadsUser[];
  tokens: TokenGrant[];
  containers: Container[];
  media: ThreadsMedia[];
  publishLog: Array<{ userId: string; at: number; reply: boolean }>;
}

export const SHORT_LIVED_MS = 60 * 60_000;
export const LONG_LIVED_MS = 60 * 24 * 60 * 60_000;

/** Everything the emulator knows, in memory; methods are named after what Threads does. */
export class ThreadsState {
  readonly users = new Map<string, ThreadsUser>();
  readonly containers = new Map<string, Container>();
  readonly media = new Map<string, ThreadsMedia>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly tokens = new Map<string, TokenGrant>();
  /** Posts and replies published, for the rolling 24-hour quotas. */
  publishLog: Array<{ userId: string; at: number; reply: boolean }> = [];
  private lastId = 0n;

  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Meta ids are long decimal strings; these grow with time so they sort like real ones. */
  nextId(): string {
    const candidate = BigInt(this.now()) * 10_000n;
    this.lastId = candidate > this.lastId ? candidate : this.lastId + 1n;
    return this.lastId.toString();
  }

  // users

  findUserByUsername(username: string): ThreadsUser | undefined {
    const wanted = username.toLowerCase();
    for (const user of this.users.values()) if (user.username.toLowerCase() === wanted) return user;
    return undefined;
  }

  ensureUser(username: string, details: Partial<Omit<ThreadsUser, 'username'>> = {}): ThreadsUser {
    const existing = this.findUserByUsername(username);
    if (existing) return existing;
    const user: ThreadsUser = {
      id: details.id ?? this.nextId(),
      username,
      name: details.name ?? username,
      biography: details.biography ?? 'A sandbox account on the local Threads emulator.',
      isVerified: details.isVerified ?? false,
      eligibleForGeoGating: details.eligibleForGeoGating ?? false,
      followersCount: details.followersCount ?? 0,
    };
    this.users.set(user.id, user);
    this.changed();
    return user;
  }

  setGeoGatingEligibility(userId: string, eligible: boolean): void {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no Threads sandbox user ${userId}`);
    user.eligibleForGeoGating = eligible;
    this.changed();
  }

  // authorization codes and tokens

  issueCode(grant: Omit<AuthorizationCode, 'code'>): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...grant, code });
    return code;
  }

  /** A code works once: taking it removes it. */
  takeCode(code: string): AuthorizationCode | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  issueToken(input: Omit<TokenGrant, 'token' | 'issuedAt' | 'expiresAt'>): TokenGrant {
    const issuedAt = this.now();
    const lifetime = input.kind === 'short' ? SHORT_LIVED_MS : LONG_LIVED_MS;
    // Threads tokens start with TH, like Meta's (`THQVJ...`).
    const grant: TokenGrant = {
      ...input,
      token: `TH${randomBytes(30).toString('base64url')}`,
      issuedAt,
      expiresAt: issuedAt + lifetime,
    };
    this.tokens.set(grant.token, grant);
    this.changed();
    return grant;
  }

  findToken(token: string): TokenGrant | undefined {
    return this.tokens.get(token);
  }

  /** The person removed the app, or Meta invalidated the session: every token of the user stops. */
  revokeUserTokens(userId: string): void {
    for (const [token, grant] of this.tokens) if (grant.userId === userId) this.tokens.delete(token);
    this.changed();
  }

  /** Fault switch: every token issued so far is past its expiry now. */
  expireAllTokens(): void {
    for (const grant of this.tokens.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now() - 1);
    this.changed();
  }

  /** Fault switch: the person unticked a permission; tokens keep working for the rest. */
  dropPermission(userId: string, scope: string): void {
    for (const grant of this.tokens.values()) {
      if (grant.userId === userId) grant.scopes = grant.scopes.filter((granted) => granted !== scope);
    }
    this.changed();
  }

  // containers and media

  addContainer(container: Omit<Container, 'id' | 'createdAt'>): Container {
    const stored: Container = { ...container, id: this.nextId(), createdAt: this.now() };
    this.containers.set(stored.id, stored);
    this.changed();
    return stored;
  }

  addMedia(
    media: Omit<ThreadsMedia, 'id' | 'shortcode' | 'timestamp' | 'insights' | 'hidden' | 'deleted'>,
  ): ThreadsMedia {
    const stored: ThreadsMedia = {
      ...media,
      id: this.nextId(),
      shortcode: randomBytes(8).toString('base64url').slice(0, 11),
      timestamp: this.now(),
      hidden: false,
      deleted: false,
      insights: { views: 0, likes: 0, reposts: 0, quotes: 0, shares: 0 },
    };
    this.media.set(stored.id, stored);
    this.publishLog.push({ userId: media.ownerId, at: stored.timestamp, reply: media.replyToId !== undefined });
    this.changed();
    return stored;
  }

  /** Replies to a media object, oldest first: the direct ones, or the whole tree below it. */
  repliesTo(mediaId: string, scope: 'direct' | 'conversation'): ThreadsMedia[] {
    const all = [...this.media.values()].filter((item) => !item.deleted && item.replyToId !== undefined);
    const inScope =
      scope === 'direct'
        ? all.filter((item) => item.replyToId === mediaId)
        : all.filter((item) => item.rootPostId === mediaId || item.replyToId === mediaId);
    return inScope.sort((a, b) => a.timestamp - b.timestamp || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  /** Posts and replies a user published in the last 24 hours. */
  publishedInLastDay(userId: string, reply: boolean): number {
    const since = this.now() - 24 * 60 * 60_000;
    this.publishLog = this.publishLog.filter((entry) => entry.at > since);
    return this.publishLog.filter((entry) => entry.userId === userId && entry.reply === reply).length;
  }

  /** Media state moved on (fetched, processed, published, hidden, deleted). */
  touched(): void {
    this.changed();
  }

  // persistence

  snapshot(): ThreadsSnapshot {
    return {
      kind: 'threads-emulator',
      version: 1,
      users: [...this.users.values()],
      tokens: [...this.tokens.values()],
      // A container still being fetched cannot finish after a restart; it is dropped.
      containers: [...this.containers.values()].filter((container) => container.status !== 'IN_PROGRESS'),
      media: [...this.media.values()],
      publishLog: this.publishLog,
    };
  }

  restore(snapshot: ThreadsSnapshot): void {
    for (const user of snapshot.users) this.users.set(user.id, user);
    for (const grant of snapshot.tokens) this.tokens.set(grant.token, grant);
    for (const container of snapshot.containers) this.containers.set(container.id, container);
    for (const item of snapshot.media) this.media.set(item.id, item);
    this.publishLog = snapshot.publishLog;
  }

  private changed(): void {
    this.onChange();
  }
}
