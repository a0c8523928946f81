import { createIdGenerator, randomSecret } from './ids.js';

export interface SandboxUser {
  id: string;
  username: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface SandboxPost {
  id: string;
  authorId: string;
  text: string;
  mediaIds: string[];
  /** The OAuth client that created it, so tests can tell apps apart. */
  clientId: string;
  createdAt: string;
}

export type MediaCategory =
  | 'tweet_image'
  | 'tweet_gif'
  | 'tweet_video'
  | 'amplify_video'
  | 'dm_image'
  | 'dm_gif'
  | 'dm_video'
  | 'subtitles';

export type MediaProcessingState = 'uploading' | 'pending' | 'succeeded' | 'failed';

export interface SandboxMedia {
  id: string;
  mediaKey: string;
  ownerId: string;
  mimeType: string;
  category: MediaCategory;
  /** Declared size for chunked uploads, actual size once the bytes are complete. */
  totalBytes: number;
  /** Chunks of an unfinished chunked upload, by segment index. */
  segments: Map<number, Buffer>;
  bytes: Buffer | undefined;
  state: MediaProcessingState;
  /** Epoch ms when asynchronous processing (GIF, video) is done. */
  readyAt: number | undefined;
  failureReason: string | undefined;
  altText: string | undefined;
  createdAt: number;
  expiresAt: number;
}

export interface AuthorizationCodeGrant {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  expiresAt: number;
}

export interface AccessTokenGrant {
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshTokenGrant {
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
}

export interface IssuedTokens {
  access: AccessTokenGrant;
  refresh: RefreshTokenGrant | undefined;
}

/** What a state file holds: everything except in-flight chunked uploads and authorization codes. */
export interface StateSnapshot {
  version: 1;
  users: SandboxUser[];
  posts: SandboxPost[];
  media: Array<Omit<SandboxMedia, 'segments' | 'bytes'> & { bytesBase64?: string }>;
  accessTokens: AccessTokenGrant[];
  refreshTokens: RefreshTokenGrant[];
}

export interface StateOptions {
  now: () => number;
  accessTokenTtlMs: number;
  /** Called after every change, so a persistence layer can save. */
  onChange?: () => void;
}

/**
 * Everything the emulator knows, in memory. Methods are small and named after what X does, so the
 * route handlers read like the API they emulate.
 */
export class XSandboxState {
  readonly users = new Map<string, SandboxUser>();
  readonly posts = new Map<string, SandboxPost>();
  readonly media = new Map<string, SandboxMedia>();
  private readonly codes = new Map<string, AuthorizationCodeGrant>();
  private readonly accessTokens = new Map<string, AccessTokenGrant>();
  private readonly refreshTokens = new Map<string, RefreshTokenGrant>();
  /** Posts by author and trimmed text, so the duplicate rule costs the same with 10 posts or 100,000. */
  private readonly postsByAuthorText = new Map<string, SandboxPost>();
  readonly nextId: () => string;

  constructor(private readonly options: StateOptions) {
    this.nextId = createIdGenerator(options.now);
  }

  // users

  findUserByUsername(username: string): SandboxUser | undefined {
    const wanted = username.toLowerCase();
    for (const user of this.users.values()) if (user.username.toLowerCase() === wanted) return user;
    return undefined;
  }

  /** Sandbox accounts spring into existence the first time someone signs in with a new name. */
  ensureUser(username: string, details: { id?: string; name?: string } = {}): SandboxUser {
    const existing = this.findUserByUsername(username);
    if (existing) return existing;
    const user: SandboxUser = {
      id: details.id ?? this.nextId(),
      username,
      name: details.name ?? username,
      description: 'A sandbox account on the local X emulator.',
      createdAt: new Date(this.options.now()).toISOString(),
    };
    this.users.set(user.id, user);
    this.changed();
    return user;
  }

  // authorization codes (never persisted: they live 30 seconds)

  issueCode(grant: Omit<AuthorizationCodeGrant, 'code'>): string {
    const code = randomSecret(24);
    this.codes.set(code, { ...grant, code });
    return code;
  }

  /** A code works once: taking it removes it, whether or not the exchange then succeeds. */
  takeCode(code: string): AuthorizationCodeGrant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  // tokens

  issueTokens(clientId: string, userId: string, scopes: string[]): IssuedTokens {
    const access: AccessTokenGrant = {
      token: randomSecret(),
      clientId,
      userId,
      scopes,
      expiresAt: this.options.now() + this.options.accessTokenTtlMs,
    };
    this.accessTokens.set(access.token, access);
    // X hands out a refresh token only when the person granted offline.access.
    const refresh = scopes.includes('offline.access') ? { token: randomSecret(), clientId, userId, scopes } : undefined;
    if (refresh) this.refreshTokens.set(refresh.token, refresh);
    this.changed();
    return { access, refresh };
  }

  findAccessToken(token: string): AccessTokenGrant | undefined {
    return this.accessTokens.get(token);
  }

  /** Refresh tokens rotate: the one used stops working and a new one comes back with the new access token. */
  redeemRefreshToken(token: string, clientId: string): IssuedTokens | undefined {
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.clientId !== clientId) return undefined;
    this.refreshTokens.delete(token);
    return this.issueTokens(grant.clientId, grant.userId, grant.scopes);
  }

  revokeToken(token: string, clientId: string): void {
    const access = this.accessTokens.get(token);
    if (access?.clientId === clientId) this.accessTokens.delete(token);
    const refresh = this.refreshTokens.get(token);
    if (refresh?.clientId === clientId) this.refreshTokens.delete(token);
    this.changed();
  }

  /** Fault switch: every access token issued so far stops working, as after two idle hours. */
  expireAllAccessTokens(): void {
    const now = this.options.now();
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, now - 1);
    this.changed();
  }

  // posts

  addPost(post: Omit<SandboxPost, 'id' | 'createdAt'>): SandboxPost {
    const stored: SandboxPost = { ...post, id: this.nextId(), createdAt: new Date(this.options.now()).toISOString() };
    this.indexPost(stored);
    this.changed();
    return stored;
  }

  deletePost(id: string): void {
    const post = this.posts.get(id);
    this.posts.delete(id);
    if (post && this.postsByAuthorText.get(authorTextKey(post.authorId, post.text)) === post) {
      this.postsByAuthorText.delete(authorTextKey(post.authorId, post.text));
    }
    this.changed();
  }

  findDuplicatePost(authorId: string, text: string): SandboxPost | undefined {
    if (text.trim().length === 0) return undefined;
    return this.postsByAuthorText.get(authorTextKey(authorId, text));
  }

  listPosts(): SandboxPost[] {
    return [...this.posts.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  // media

  addMedia(media: SandboxMedia): void {
    this.media.set(media.id, media);
    this.changed();
  }

  /** Media state moved on (chunk appended, finalized, alt text set). */
  mediaChanged(): void {
    this.changed();
  }

  // persistence

  snapshot(): StateSnapshot {
    return {
      version: 1,
      users: [...this.users.values()],
      posts: this.listPosts(),
      media: [...this.media.values()]
        .filter((item) => item.state === 'succeeded')
        .map(({ segments: _segments, bytes, ...rest }) => ({ ...rest, bytesBase64: bytes?.toString('base64') })),
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
    };
  }

  restore(snapshot: StateSnapshot): void {
    for (const user of snapshot.users) this.users.set(user.id, user);
    for (const post of snapshot.posts) this.indexPost(post);
    for (const { bytesBase64, ...item } of snapshot.media) {
      const bytes = bytesBase64 === undefined ? undefined : Buffer.from(bytesBase64, 'base64');
      this.media.set(item.id, { ...item, bytes, segments: new Map() });
    }
    for (const grant of snapshot.accessTokens) this.accessTokens.set(grant.token, grant);
    for (const grant of snapshot.refreshTokens) this.refreshTokens.set(grant.token, grant);
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private indexPost(post: SandboxPost): void {
    this.posts.set(post.id, post);
    if (post.text.trim().length > 0) this.postsByAuthorText.set(authorTextKey(post.authorId, post.text), post);
  }
}

function authorTextKey(authorId: string, text: string): string {
  return `${authorId}\u0000${text.trim()}`;
}
