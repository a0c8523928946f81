import { randomUUID } from 'node:crypto';
import { randomSecret } from '../x/ids.js';

export interface PublicProfile {
  id: string;
  /** The Snapchat user who manages it (the one who signed in). */
  username: string;
  displayName: string;
}

export interface MediaRecord {
  id: string;
  profileId: string;
  type: 'IMAGE' | 'VIDEO';
  name: string;
  key: Buffer;
  iv: Buffer;
  /** Encrypted parts by part number, until FINALIZE. */
  parts: Map<number, Buffer>;
  state: 'CREATED' | 'UPLOADING' | 'READY';
  /** Decrypted size once finalized. */
  size: number;
  expiresAt: number;
}

export type Placement = 'STORY' | 'SAVED_STORY' | 'SPOTLIGHT';

export interface PostRecord {
  id: string;
  profileId: string;
  placement: Placement;
  mediaId: string;
  /** Spotlight description or Saved Story title; a Story carries none. */
  text: string;
  locale: string | undefined;
  createdAt: string;
}

export interface TokenGrant {
  token: string;
  clientId: string;
  profileId: string;
  scopes: string[];
  expiresAt: number;
}

/** A media object is usable for 24 hours (ProfileAssetManagement). */
const MEDIA_TTL_MS = 24 * 60 * 60_000;

/** What the Snapchat Public Profile emulator knows. Media and posts live in memory only. */
export class SnapchatState {
  readonly profiles = new Map<string, PublicProfile>();
  readonly media = new Map<string, MediaRecord>();
  readonly posts = new Map<string, PostRecord>();
  private readonly codes = new Map<
    string,
    { clientId: string; redirectUri: string; profileId: string; scopes: string[]; expiresAt: number }
  >();
  private readonly accessTokens = new Map<string, TokenGrant>();
  private readonly refreshTokens = new Map<string, TokenGrant>();
  /** Snap's ids are UUIDs. */
  private readonly nextId = randomUUID;

  constructor(
    private readonly now: () => number,
    private readonly accessTtlMs: number,
  ) {}

  ensureProfile(username: string): PublicProfile {
    const existing = [...this.profiles.values()].find((profile) => profile.username === username);
    if (existing) return existing;
    const profile = { id: this.nextId(), username, displayName: username };
    this.profiles.set(profile.id, profile);
    return profile;
  }

  issueCode(grant: { clientId: string; redirectUri: string; profileId: string; scopes: string[] }): string {
    const code = randomSecret(24);
    this.codes.set(code, { ...grant, expiresAt: this.now() + 10 * 60_000 });
    return code;
  }

  takeCode(code: string) {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expiresAt > this.now() ? grant : undefined;
  }

  issueTokens(clientId: string, profileId: string, scopes: string[]) {
    const access = { token: randomSecret(32), clientId, profileId, scopes, expiresAt: this.now() + this.accessTtlMs };
    const refresh = { token: randomSecret(32), clientId, profileId, scopes, expiresAt: Number.MAX_SAFE_INTEGER };
    this.accessTokens.set(access.token, access);
    this.refreshTokens.set(refresh.token, refresh);
    return { access, refresh };
  }

  findAccessToken(token: string): TokenGrant | undefined {
    const grant = this.accessTokens.get(token);
    return grant && grant.expiresAt > this.now() ? grant : undefined;
  }

  /** Refresh tokens are long-lived and stay the same; each refresh gives a new 30-minute access token. */
  refresh(token: string, clientId: string) {
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.clientId !== clientId) return undefined;
    const access = { ...grant, token: randomSecret(32), expiresAt: this.now() + this.accessTtlMs };
    this.accessTokens.set(access.token, access);
    return { access, refresh: grant };
  }

  revokeAllOf(profileId: string): void {
    for (const map of [this.accessTokens, this.refreshTokens]) {
      for (const [token, grant] of map) if (grant.profileId === profileId) map.delete(token);
    }
  }

  expireAllAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now() - 1);
  }

  createMedia(input: Pick<MediaRecord, 'profileId' | 'type' | 'name' | 'key' | 'iv'>): MediaRecord {
    const record: MediaRecord = {
      ...input,
      id: this.nextId(),
      parts: new Map(),
      state: 'CREATED',
      size: 0,
      expiresAt: this.now() + MEDIA_TTL_MS,
    };
    this.media.set(record.id, record);
    return record;
  }

  usableMedia(id: string, profileId: string): MediaRecord | undefined {
    const record = this.media.get(id);
    return record && record.profileId === profileId && record.expiresAt > this.now() ? record : undefined;
  }

  addPost(input: Omit<PostRecord, 'id' | 'createdAt'>): PostRecord {
    const post = { ...input, id: this.nextId(), createdAt: new Date(this.now()).toISOString() };
    this.posts.set(post.id, post);
    return post;
  }
}
