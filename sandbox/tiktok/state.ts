import { randomBytes } from 'node:crypto';

export const PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

export interface SandboxCreator {
  openId: string;
  username: string;
  nickname: string;
  /** What creator_info offers; a private account offers no PUBLIC_TO_EVERYONE. */
  privacyLevelOptions: PrivacyLevel[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxVideoPostDurationSec: number;
  createdAt: string;
}

export type PostStatus =
  | 'PROCESSING_UPLOAD'
  | 'PROCESSING_DOWNLOAD'
  | 'SEND_TO_USER_INBOX'
  | 'PUBLISH_COMPLETE'
  | 'FAILED';

export interface PostInfo {
  title: string;
  description?: string;
  privacyLevel: PrivacyLevel;
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
}

/** One post on its way: from init, through the upload or download, processing and moderation. */
export interface SandboxPost {
  publishId: string;
  openId: string;
  clientKey: string;
  mediaType: 'VIDEO' | 'PHOTO';
  /** DIRECT_POST publishes; MEDIA_UPLOAD (inbox) waits for the creator in the app. */
  mode: 'DIRECT_POST' | 'MEDIA_UPLOAD';
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  postInfo: PostInfo;
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  /** Chunks received, in order; the next expected is this index. */
  chunksReceived: number;
  uploadedBytes: number;
  downloadedBytes: number;
  uploadToken: string;
  file: string | undefined;
  videoUrl: string | undefined;
  photoUrls: string[];
  /** Epoch ms when the bytes were all in; processing runs from here. */
  receivedAt: number | undefined;
  /** Set by the failure switch or a failed check: TikTok's `fail_reason`. */
  failReason: string | undefined;
  /** The never-finishing switch: processing never ends. */
  stuck: boolean;
  /** Public post id, once published and moderated. */
  postId: string | undefined;
  statistics: { viewCount: number; likeCount: number; commentCount: number; shareCount: number };
  createdAt: number;
}

export interface TikTokAuthorizationCode {
  code: string;
  clientKey: string;
  redirectUri: string;
  openId: string;
  scopes: string[];
  codeChallenge: string | undefined;
  expiresAt: number;
}

export interface TikTokGrant {
  token: string;
  clientKey: string;
  openId: string;
  scopes: string[];
  expiresAt: number;
}

export interface TikTokStateSnapshot {
  version: 1;
  creators: SandboxCreator[];
  posts: SandboxPost[];
  accessTokens: TikTokGrant[];
  refreshTokens: TikTokGrant[];
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Everything the TikTok emulator knows, in memory; uploaded bytes live in files it names. */
export class TikTokSandboxState {
  readonly creators = new Map<string, SandboxCreator>();
  readonly posts = new Map<string, SandboxPost>();
  private readonly codes = new Map<string, TikTokAuthorizationCode>();
  private readonly accessTokens = new Map<string, TikTokGrant>();
  private readonly refreshTokens = new Map<string, TikTokGrant>();
  private lastPostId = BigInt(7_300_000_000_000_000_000n);

  constructor(
    private readonly now: () => number,
    private readonly lifetimes: { accessMs: number; refreshMs: number },
    private readonly onChange: () => void = () => {},
  ) {}

  changed(): void {
    this.onChange();
  }

  findCreatorByUsername(username: string): SandboxCreator | undefined {
    const wanted = username.toLowerCase();
    return [...this.creators.values()].find((creator) => creator.username.toLowerCase() === wanted);
  }

  ensureCreator(username: string, details: Partial<Omit<SandboxCreator, 'openId' | 'username'>> = {}): SandboxCreator {
    const existing = this.findCreatorByUsername(username);
    if (existing) return existing;
    const creator: SandboxCreator = {
      openId: `-000${randomToken(18)}`,
      username,
      nickname: details.nickname ?? username,
      privacyLevelOptions: details.privacyLevelOptions ?? [...PRIVACY_LEVELS],
      commentDisabled: details.commentDisabled ?? false,
      duetDisabled: details.duetDisabled ?? false,
      stitchDisabled: details.stitchDisabled ?? false,
      maxVideoPostDurationSec: details.maxVideoPostDurationSec ?? 600,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.creators.set(creator.openId, creator);
    this.changed();
    return creator;
  }

  issueCode(grant: Omit<TikTokAuthorizationCode, 'code'>): string {
    const code = randomToken(30);
    this.codes.set(code, { ...grant, code });
    return code;
  }

  takeCode(code: string): TikTokAuthorizationCode | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  /** Issues an access and a refresh token; TikTok rotates the refresh token on every refresh. */
  issueTokens(clientKey: string, openId: string, scopes: string[]): { access: TikTokGrant; refresh: TikTokGrant } {
    const now = this.now();
    const access = {
      token: `act.${randomToken(40)}`,
      clientKey,
      openId,
      scopes,
      expiresAt: now + this.lifetimes.accessMs,
    };
    const refresh = {
      token: `rft.${randomToken(40)}`,
      clientKey,
      openId,
      scopes,
      expiresAt: now + this.lifetimes.refreshMs,
    };
    this.accessTokens.set(access.token, access);
    this.refreshTokens.set(refresh.token, refresh);
    this.changed();
    return { access, refresh };
  }

  findAccessToken(token: string): TikTokGrant | undefined {
    return this.accessTokens.get(token);
  }

  redeemRefreshToken(token: string, clientKey: string): { access: TikTokGrant; refresh: TikTokGrant } | undefined {
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.clientKey !== clientKey || grant.expiresAt <= this.now()) return undefined;
    this.refreshTokens.delete(token);
    return this.issueTokens(grant.clientKey, grant.openId, grant.scopes);
  }

  /** Revoking ends every token of that creator for that app, as TikTok's revoke does. */
  revoke(token: string, clientKey: string): void {
    const grant = this.accessTokens.get(token) ?? this.refreshTokens.get(token);
    if (!grant || grant.clientKey !== clientKey) return;
    for (const store of [this.accessTokens, this.refreshTokens]) {
      for (const [key, candidate] of store) {
        if (candidate.openId === grant.openId && candidate.clientKey === clientKey) store.delete(key);
      }
    }
    this.changed();
  }

  /** The person changed what the app may do (unticked a permission): every token follows. */
  setScopes(openId: string, clientKey: string, scopes: string[]): void {
    for (const store of [this.accessTokens, this.refreshTokens]) {
      for (const grant of store.values())
        if (grant.openId === openId && grant.clientKey === clientKey) grant.scopes = [...scopes];
    }
    this.changed();
  }

  expireAllAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now() - 1);
    this.changed();
  }

  addPost(post: SandboxPost): void {
    this.posts.set(post.publishId, post);
    this.changed();
  }

  nextPostId(): string {
    this.lastPostId += BigInt(1 + Math.floor(Math.random() * 1000));
    return this.lastPostId.toString();
  }

  findPostByPostId(postId: string): SandboxPost | undefined {
    return [...this.posts.values()].find((post) => post.postId === postId);
  }

  /** Posts a creator made through the API since `since`, for the daily cap. */
  postsSince(openId: string, since: number): number {
    return [...this.posts.values()].filter((post) => post.openId === openId && post.createdAt >= since).length;
  }

  snapshot(): TikTokStateSnapshot {
    return {
      version: 1,
      creators: [...this.creators.values()],
      posts: [...this.posts.values()],
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
    };
  }

  restore(snapshot: TikTokStateSnapshot): void {
    for (const creator of snapshot.creators) this.creators.set(creator.openId, creator);
    for (const post of snapshot.posts) this.posts.set(post.publishId, post);
    for (const grant of snapshot.accessTokens) this.accessTokens.set(grant.token, grant);
    for (const grant of snapshot.refreshTokens) this.refreshTokens.set(grant.token, grant);
  }
}
