import { randomBytes } from 'node:crypto';

export interface SandboxChannel {
  /** `UC` and 22 characters, like YouTube's channel ids. */
  id: string;
  /** The sandbox account name typed on the consent page; the channel's handle is `@` + it. */
  username: string;
  title: string;
  description: string;
  createdAt: string;
}

export interface VideoMetadata {
  snippet: { title: string; description: string; tags: string[]; categoryId: string; defaultLanguage?: string };
  status: {
    privacyStatus: 'public' | 'unlisted' | 'private';
    publishAt?: string;
    selfDeclaredMadeForKids?: boolean;
    embeddable?: boolean;
    license?: string;
    containsSyntheticMedia?: boolean;
  };
}

export interface StoredFile {
  path: string;
  mimeType: string;
  size: number;
}

export interface SandboxVideo extends VideoMetadata {
  /** 11 characters of [A-Za-z0-9_-], like YouTube's video ids. */
  id: string;
  channelId: string;
  clientId: string;
  file: StoredFile;
  thumbnail: StoredFile | undefined;
  uploadedAt: number;
  /** Epoch ms when processing finishes (`uploadStatus` moves from `uploaded` to `processed`). */
  processedAt: number;
  /** Set by the processing-failure switch: YouTube's `failureReason` (`codec`, `invalidFile`…). */
  failureReason: string | undefined;
  statistics: { viewCount: number; likeCount: number; favoriteCount: number };
}

export interface SandboxComment {
  id: string;
  videoId: string;
  /** Absent for a top-level comment; the top-level comment's id for a reply. */
  parentId: string | undefined;
  authorChannelId: string;
  authorDisplayName: string;
  text: string;
  publishedAt: string;
  likeCount: number;
}

/** A resumable upload in progress: its metadata now, its bytes in a file that grows chunk by chunk. */
export interface UploadSession extends VideoMetadata {
  id: string;
  clientId: string;
  channelId: string;
  parts: string[];
  totalBytes: number;
  contentType: string;
  /** Bytes persisted so far; the next chunk must start here (or earlier, to overwrite). */
  received: number;
  file: string;
  expiresAt: number;
  /** Set once the last byte arrived, so a status query after completion answers with the video. */
  videoId: string | undefined;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  channelId: string;
  scopes: string[];
  offline: boolean;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  expiresAt: number;
}

export interface AccessGrant {
  token: string;
  clientId: string;
  channelId: string;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshGrant {
  token: string;
  clientId: string;
  channelId: string;
  scopes: string[];
}

export interface YouTubeStateSnapshot {
  version: 1;
  channels: SandboxChannel[];
  videos: SandboxVideo[];
  comments: SandboxComment[];
  sessions: UploadSession[];
  accessTokens: AccessGrant[];
  refreshTokens: RefreshGrant[];
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function randomId(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % 64]).join('');
}

/** Everything the YouTube emulator knows, in memory; media bytes live in files it names. */
export class YouTubeSandboxState {
  readonly channels = new Map<string, SandboxChannel>();
  readonly videos = new Map<string, SandboxVideo>();
  readonly comments = new Map<string, SandboxComment>();
  readonly sessions = new Map<string, UploadSession>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    private readonly now: () => number,
    private readonly accessTokenTtlMs: number,
    private readonly onChange: () => void = () => {},
  ) {}

  changed(): void {
    this.onChange();
  }

  // channels

  findChannelByUsername(username: string): SandboxChannel | undefined {
    const wanted = username.toLowerCase();
    return [...this.channels.values()].find((channel) => channel.username.toLowerCase() === wanted);
  }

  /** A sandbox channel springs into existence the first time someone signs in with a new name. */
  ensureChannel(username: string, title?: string): SandboxChannel {
    const existing = this.findChannelByUsername(username);
    if (existing) return existing;
    const channel: SandboxChannel = {
      id: `UC${randomId(22)}`,
      username,
      title: title ?? username,
      description: 'A sandbox channel on the local YouTube emulator.',
      createdAt: new Date(this.now()).toISOString(),
    };
    this.channels.set(channel.id, channel);
    this.changed();
    return channel;
  }

  // authorization codes (never persisted: they live minutes)

  issueCode(grant: Omit<AuthorizationCode, 'code'>): string {
    const code = `4/${randomId(40)}`;
    this.codes.set(code, { ...grant, code });
    return code;
  }

  takeCode(code: string): AuthorizationCode | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  // tokens

  issueAccessToken(clientId: string, channelId: string, scopes: string[]): AccessGrant {
    const grant = {
      token: `ya29.${randomId(60)}`,
      clientId,
      channelId,
      scopes,
      expiresAt: this.now() + this.accessTokenTtlMs,
    };
    this.accessTokens.set(grant.token, grant);
    this.changed();
    return grant;
  }

  /** Google's refresh tokens do not rotate: the same one keeps working until revoked. */
  issueRefreshToken(clientId: string, channelId: string, scopes: string[]): RefreshGrant {
    const grant = { token: `1//${randomId(64)}`, clientId, channelId, scopes };
    this.refreshTokens.set(grant.token, grant);
    this.changed();
    return grant;
  }

  findAccessToken(token: string): AccessGrant | undefined {
    return this.accessTokens.get(token);
  }

  findRefreshToken(token: string): RefreshGrant | undefined {
    return this.refreshTokens.get(token);
  }

  /** Revoking either token of a grant revokes the whole grant, as Google does. */
  revoke(token: string): boolean {
    const access = this.accessTokens.get(token);
    const refresh = this.refreshTokens.get(token);
    const grant = access ?? refresh;
    if (!grant) return false;
    for (const [key, candidate] of this.accessTokens) {
      if (candidate.clientId === grant.clientId && candidate.channelId === grant.channelId)
        this.accessTokens.delete(key);
    }
    for (const [key, candidate] of this.refreshTokens) {
      if (candidate.clientId === grant.clientId && candidate.channelId === grant.channelId)
        this.refreshTokens.delete(key);
    }
    this.changed();
    return true;
  }

  expireAllAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now() - 1);
    this.changed();
  }

  // videos and comments

  addVideo(video: SandboxVideo): void {
    this.videos.set(video.id, video);
    this.changed();
  }

  addComment(comment: Omit<SandboxComment, 'id' | 'publishedAt' | 'likeCount'>): SandboxComment {
    const stored: SandboxComment = {
      ...comment,
      id: comment.parentId ? `${comment.parentId}.${randomId(22)}` : `Ug${randomId(24)}`,
      publishedAt: new Date(this.now()).toISOString(),
      likeCount: 0,
    };
    this.comments.set(stored.id, stored);
    this.changed();
    return stored;
  }

  /** Top-level comments of a video, newest first (YouTube's `order=time`). */
  threadsOf(videoId: string): SandboxComment[] {
    return [...this.comments.values()]
      .filter((comment) => comment.videoId === videoId && !comment.parentId)
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id.localeCompare(a.id));
  }

  repliesTo(commentId: string): SandboxComment[] {
    return [...this.comments.values()]
      .filter((comment) => comment.parentId === commentId)
      .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  }

  commentCount(videoId: string): number {
    return [...this.comments.values()].filter((comment) => comment.videoId === videoId).length;
  }

  // persistence

  snapshot(): YouTubeStateSnapshot {
    return {
      version: 1,
      channels: [...this.channels.values()],
      videos: [...this.videos.values()],
      comments: [...this.comments.values()],
      sessions: [...this.sessions.values()],
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
    };
  }

  restore(snapshot: YouTubeStateSnapshot): void {
    for (const channel of snapshot.channels) this.channels.set(channel.id, channel);
    for (const video of snapshot.videos) this.videos.set(video.id, video);
    for (const comment of snapshot.comments) this.comments.set(comment.id, comment);
    for (const session of snapshot.sessions) this.sessions.set(session.id, session);
    for (const grant of snapshot.accessTokens) this.accessTokens.set(grant.token, grant);
    for (const grant of snapshot.refreshTokens) this.refreshTokens.set(grant.token, grant);
  }
}
