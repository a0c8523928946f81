import { createIdGenerator, randomSecret } from '../x/ids.js';

export interface MastodonAccount {
  id: string;
  username: string;
  displayName: string;
  createdAt: string;
}

export interface RegisteredApp {
  id: string;
  name: string;
  website: string | undefined;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  scopes: string[];
}

export interface MediaAttachmentRecord {
  id: string;
  accountId: string;
  type: 'image' | 'video' | 'gifv' | 'audio';
  mimeType: string;
  size: number;
  description: string | null;
  /** Epoch ms when processing is done; images are ready at once. */
  readyAt: number;
  statusId: string | undefined;
  bytes: Buffer | undefined;
}

export interface StatusRecord {
  id: string;
  accountId: string;
  text: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  language: string | null;
  inReplyToId: string | null;
  mediaIds: string[];
  favourites: number;
  reblogs: number;
  createdAt: string;
  clientId: string | undefined;
}

export interface NotificationRecord {
  id: string;
  /** Who is notified. */
  accountId: string;
  type: 'mention' | 'favourite' | 'reblog';
  fromAccountId: string;
  statusId: string;
  createdAt: string;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  accountId: string;
  scopes: string[];
  codeChallenge: string | undefined;
  expiresAt: number;
}

export interface AccessToken {
  token: string;
  clientId: string;
  accountId: string;
  scopes: string[];
  createdAt: number;
}

export interface MastodonSnapshot {
  version: 1;
  accounts: MastodonAccount[];
  apps: RegisteredApp[];
  tokens: AccessToken[];
  statuses: StatusRecord[];
  media: Array<Omit<MediaAttachmentRecord, 'bytes'>>;
  notifications: NotificationRecord[];
}

/** Mastodon remembers an Idempotency-Key for up to an hour. */
const IDEMPOTENCY_TTL_MS = 60 * 60_000;

/** Everything the Mastodon emulator knows, with methods named after what the instance does. */
export class MastodonState {
  readonly accounts = new Map<string, MastodonAccount>();
  readonly apps = new Map<string, RegisteredApp>();
  readonly statuses = new Map<string, StatusRecord>();
  readonly media = new Map<string, MediaAttachmentRecord>();
  readonly notifications: NotificationRecord[] = [];
  private readonly tokens = new Map<string, AccessToken>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly idempotency = new Map<string, { statusId: string; at: number }>();
  readonly nextId: () => string;

  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void = () => {},
  ) {
    this.nextId = createIdGenerator(now);
  }

  ensureAccount(username: string, displayName?: string): MastodonAccount {
    const existing = this.findAccount(username);
    if (existing) return existing;
    const account = {
      id: this.nextId(),
      username,
      displayName: displayName ?? username,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.accounts.set(account.id, account);
    this.onChange();
    return account;
  }

  findAccount(username: string): MastodonAccount | undefined {
    const wanted = username.toLowerCase();
    return [...this.accounts.values()].find((account) => account.username.toLowerCase() === wanted);
  }

  registerApp(input: Omit<RegisteredApp, 'id' | 'clientId' | 'clientSecret'>): RegisteredApp {
    const app = { ...input, id: this.nextId(), clientId: randomSecret(32), clientSecret: randomSecret(32) };
    this.apps.set(app.clientId, app);
    this.onChange();
    return app;
  }

  issueCode(grant: AuthorizationCode): string {
    const code = randomSecret(32);
    this.codes.set(code, grant);
    return code;
  }

  takeCode(code: string): AuthorizationCode | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  issueToken(clientId: string, accountId: string, scopes: string[]): AccessToken {
    const token = { token: randomSecret(32), clientId, accountId, scopes, createdAt: this.now() };
    this.tokens.set(token.token, token);
    this.onChange();
    return token;
  }

  findToken(token: string): AccessToken | undefined {
    return this.tokens.get(token);
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
    this.onChange();
  }

  /** Fault switch: Mastodon tokens never expire, so "expired" here means every token is revoked. */
  revokeAllTokens(): void {
    this.tokens.clear();
    this.onChange();
  }

  addMedia(record: Omit<MediaAttachmentRecord, 'id' | 'statusId'>): MediaAttachmentRecord {
    const media = { ...record, id: this.nextId(), statusId: undefined };
    this.media.set(media.id, media);
    this.onChange();
    return media;
  }

  /** The status an earlier request with this key created, if the key is less than an hour old. */
  recall(accountId: string, idempotencyKey: string): StatusRecord | undefined {
    const remembered = this.idempotency.get(`${accountId}\u0000${idempotencyKey}`);
    if (!remembered || remembered.at + IDEMPOTENCY_TTL_MS < this.now()) return undefined;
    return this.statuses.get(remembered.statusId);
  }

  addStatus(
    input: Omit<StatusRecord, 'id' | 'createdAt' | 'favourites' | 'reblogs'>,
    idempotencyKey?: string,
  ): StatusRecord {
    const status: StatusRecord = {
      ...input,
      id: this.nextId(),
      createdAt: new Date(this.now()).toISOString(),
      favourites: 0,
      reblogs: 0,
    };
    this.statuses.set(status.id, status);
    for (const mediaId of status.mediaIds) {
      const media = this.media.get(mediaId);
      if (media) media.statusId = status.id;
    }
    if (idempotencyKey)
      this.idempotency.set(`${input.accountId}\u0000${idempotencyKey}`, { statusId: status.id, at: this.now() });
    const parent = input.inReplyToId ? this.statuses.get(input.inReplyToId) : undefined;
    if (parent && parent.accountId !== input.accountId)
      this.notify(parent.accountId, 'mention', input.accountId, status.id);
    this.onChange();
    return status;
  }

  notify(accountId: string, type: NotificationRecord['type'], fromAccountId: string, statusId: string): void {
    this.notifications.push({
      id: this.nextId(),
      accountId,
      type,
      fromAccountId,
      statusId,
      createdAt: new Date(this.now()).toISOString(),
    });
  }

  /** Replies below a status, depth first in creation order, like Mastodon's descendants. */
  descendantsOf(statusId: string): StatusRecord[] {
    const children = [...this.statuses.values()].filter((status) => status.inReplyToId === statusId);
    return children.flatMap((child) => [child, ...this.descendantsOf(child.id)]);
  }

  ancestorsOf(statusId: string): StatusRecord[] {
    const ancestors: StatusRecord[] = [];
    let current = this.statuses.get(statusId);
    while (current?.inReplyToId) {
      const parent = this.statuses.get(current.inReplyToId);
      if (!parent) break;
      ancestors.unshift(parent);
      current = parent;
    }
    return ancestors;
  }

  snapshot(): MastodonSnapshot {
    return {
      version: 1,
      accounts: [...this.accounts.values()],
      apps: [...this.apps.values()],
      tokens: [...this.tokens.values()],
      statuses: [...this.statuses.values()],
      media: [...this.media.values()].map(({ bytes: _bytes, ...rest }) => rest),
      notifications: this.notifications,
    };
  }

  restore(snapshot: MastodonSnapshot): void {
    for (const account of snapshot.accounts) this.accounts.set(account.id, account);
    for (const app of snapshot.apps) this.apps.set(app.clientId, app);
    for (const token of snapshot.tokens) this.tokens.set(token.token, token);
    for (const status of snapshot.statuses) this.statuses.set(status.id, status);
    for (const media of snapshot.media) this.media.set(media.id, { ...media, bytes: undefined });
    this.notifications.push(...snapshot.notifications);
  }
}
