import { createIdGenerator, randomSecret } from '../x/ids.js';

export interface PinterestUser {
  id: string;
  username: string;
}

export interface BoardRecord {
  id: string;
  ownerId: string;
  name: string;
  description: string;
  privacy: 'PUBLIC' | 'PROTECTED' | 'SECRET';
  createdAt: string;
}

export interface PinRecord {
  id: string;
  ownerId: string;
  boardId: string;
  title: string | null;
  description: string | null;
  link: string | null;
  altText: string | null;
  /** `image_base64`, `image_url`, `multiple_image_base64`, `video_id`… as sent. */
  sourceType: string;
  /** Images (one per carousel slide) or the one video. */
  mediaCount: number;
  mediaType: 'image' | 'video' | 'multiple_images';
  createdAt: string;
  /** The audience's doings, counted by the control routes, read by pin analytics. */
  counters: Record<string, number>;
}

export interface MediaUploadRecord {
  id: string;
  ownerId: string;
  status: 'registered' | 'processing' | 'succeeded' | 'failed';
  uploadKey: string;
  size: number;
  /** When processing is done, after the upload arrived. */
  readyAt: number | undefined;
  failure: string | undefined;
}

export interface Grant {
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export interface PinterestSnapshot {
  version: 1;
  users: PinterestUser[];
  boards: BoardRecord[];
  pins: PinRecord[];
  accessTokens: Grant[];
  refreshTokens: Grant[];
}

/** Everything the Pinterest emulator knows, with methods named after what Pinterest does. */
export class PinterestState {
  readonly users = new Map<string, PinterestUser>();
  readonly boards = new Map<string, BoardRecord>();
  readonly pins = new Map<string, PinRecord>();
  readonly media = new Map<string, MediaUploadRecord>();
  private readonly codes = new Map<string, Omit<Grant, 'token'> & { redirectUri: string }>();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  readonly nextId: () => string;

  constructor(
    private readonly now: () => number,
    private readonly lifetimes: { accessMs: number; refreshMs: number },
    private readonly onChange: () => void = () => {},
  ) {
    this.nextId = createIdGenerator(now);
  }

  /** A new sandbox user starts with one board, as a Pinterest business account usually has. */
  ensureUser(username: string): PinterestUser {
    const existing = [...this.users.values()].find((user) => user.username.toLowerCase() === username.toLowerCase());
    if (existing) return existing;
    const user = { id: this.nextId(), username };
    this.users.set(user.id, user);
    this.addBoard(user.id, 'Summer launch', 'PUBLIC');
    this.onChange();
    return user;
  }

  addBoard(ownerId: string, name: string, privacy: BoardRecord['privacy'], description = ''): BoardRecord {
    const board = {
      id: this.nextId(),
      ownerId,
      name,
      description,
      privacy,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.boards.set(board.id, board);
    this.onChange();
    return board;
  }

  boardsOf(ownerId: string): BoardRecord[] {
    return [...this.boards.values()].filter((board) => board.ownerId === ownerId);
  }

  issueCode(grant: Omit<Grant, 'token' | 'expiresAt'> & { redirectUri: string }, ttlMs: number): string {
    const code = randomSecret(24);
    this.codes.set(code, { ...grant, expiresAt: this.now() + ttlMs });
    return code;
  }

  takeCode(code: string) {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  issueTokens(clientId: string, userId: string, scopes: string[]): { access: Grant; refresh: Grant } {
    const access = {
      token: `pina_${randomSecret(32)}`,
      clientId,
      userId,
      scopes,
      expiresAt: this.now() + this.lifetimes.accessMs,
    };
    const refresh = {
      token: `pinr_${randomSecret(32)}`,
      clientId,
      userId,
      scopes,
      expiresAt: this.now() + this.lifetimes.refreshMs,
    };
    this.accessTokens.set(access.token, access);
    this.refreshTokens.set(refresh.token, refresh);
    this.onChange();
    return { access, refresh };
  }

  findAccessToken(token: string): Grant | undefined {
    return this.accessTokens.get(token);
  }

  /** Continuous refresh: the used refresh token is replaced by a new one with a fresh 60 days. */
  redeemRefreshToken(token: string, clientId: string) {
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.clientId !== clientId || grant.expiresAt <= this.now()) return undefined;
    this.refreshTokens.delete(token);
    return this.issueTokens(clientId, grant.userId, grant.scopes);
  }

  revoke(token: string): void {
    this.accessTokens.delete(token);
    this.refreshTokens.delete(token);
    this.onChange();
  }

  revokeAllOf(userId: string): void {
    for (const map of [this.accessTokens, this.refreshTokens]) {
      for (const [token, grant] of map) if (grant.userId === userId) map.delete(token);
    }
    this.onChange();
  }

  expireAllAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now() - 1);
    this.onChange();
  }

  addPin(pin: Omit<PinRecord, 'id' | 'createdAt' | 'counters'>): PinRecord {
    const stored = { ...pin, id: this.nextId(), createdAt: new Date(this.now()).toISOString(), counters: {} };
    this.pins.set(stored.id, stored);
    this.onChange();
    return stored;
  }

  registerMedia(ownerId: string): MediaUploadRecord {
    const id = this.nextId();
    const record: MediaUploadRecord = {
      id,
      ownerId,
      status: 'registered',
      uploadKey: `uploads/${randomSecret(9)}/${id}`,
      size: 0,
      readyAt: undefined,
      failure: undefined,
    };
    this.media.set(id, record);
    return record;
  }

  /** Advances uploads whose processing time has passed. */
  settleMedia(record: MediaUploadRecord): MediaUploadRecord {
    if (record.status === 'processing' && record.readyAt !== undefined && record.readyAt <= this.now())
      record.status = 'succeeded';
    return record;
  }

  snapshot(): PinterestSnapshot {
    return {
      version: 1,
      users: [...this.users.values()],
      boards: [...this.boards.values()],
      pins: [...this.pins.values()],
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
    };
  }

  restore(snapshot: PinterestSnapshot): void {
    for (const user of snapshot.users) this.users.set(user.id, user);
    for (const board of snapshot.boards) this.boards.set(board.id, board);
    for (const pin of snapshot.pins) this.pins.set(pin.id, pin);
    for (const grant of snapshot.accessTokens) this.accessTokens.set(grant.token, grant);
    for (const grant of snapshot.refreshTokens) this.refreshTokens.set(grant.token, grant);
  }
}
