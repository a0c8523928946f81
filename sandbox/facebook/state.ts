import { randomBytes } from 'node:crypto';

/** A person who logs in with Facebook Login; they manage Pages, some with an Instagram account linked. */
export interface MetaPerson {
  id: string;
  name: string;
}

export interface SandboxPage {
  id: string;
  name: string;
  ownerId: string;
  /** The Instagram professional account linked to the Page, if any. */
  instagramId?: string;
}

export interface SandboxInstagramAccount {
  id: string;
  username: string;
  name: string;
  pageId: string;
}

export type TokenKind = 'user_short' | 'user_long' | 'page';

export interface TokenGrant {
  token: string;
  kind: TokenKind;
  appId: string;
  personId: string;
  /** For Page tokens: the Page it acts as. */
  pageId?: string;
  /** Permissions the person granted the app (shared by every token of the login). */
  scopes: string[];
  /** Pages the person chose to share with the app on the consent page. */
  pageIds: string[];
  /** Epoch ms; undefined never expires (a Page token taken with a long-lived user token). */
  expiresAt?: number;
  /** Why the token stopped working, when it was invalidated rather than expired. */
  invalidated?: 'password_changed' | 'app_removed';
}

export interface FeedPost {
  id: string;
  pageId: string;
  kind: 'status' | 'link' | 'photo' | 'album' | 'video';
  message: string;
  link?: string;
  photoIds: string[];
  videoId?: string;
  /** What the app sent, parsed; kept so tests and people can see how a post was aimed. */
  targeting?: Record<string, unknown>;
  feedTargeting?: Record<string, unknown>;
  createdTime: number;
}

export interface SandboxPhoto {
  id: string;
  pageId: string;
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
  published: boolean;
  postId?: string;
  altText?: string;
}

export interface SandboxVideo {
  id: string;
  pageId: string;
  fileSize?: number;
  receivedBytes: number;
  phase: 'not_started' | 'uploaded' | 'processing' | 'ready';
  readyAt?: number;
  postId?: string;
}

export interface SandboxComment {
  id: string;
  /** The post, Instagram media or comment it answers. */
  objectId: string;
  /** The post or media the thread belongs to. */
  rootId: string;
  parentId?: string;
  from: { id: string; name: string; username?: string };
  message: string;
  createdTime: number;
}

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export interface MediaContainer {
  id: string;
  igUserId: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'REELS' | 'CAROUSEL';
  caption: string;
  imageUrl?: string;
  altText?: string;
  isCarouselItem: boolean;
  children: string[];
  resumable: boolean;
  fileSize?: number;
  receivedBytes: number;
  statusCode: ContainerStatus;
  /** Meta's explanation of an ERROR, e.g. `Error: ... (2207009)`. */
  statusMessage?: string;
  /** When processing ends; undefined while waiting for bytes or when stuck. */
  readyAt?: number;
  /** What processing ends in, decided when the container is made. */
  outcome: 'finish' | 'error' | 'stuck';
  createdTime: number;
}

export interface InstagramMedia {
  id: string;
  igUserId: string;
  containerId: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  productType: 'FEED' | 'REELS';
  caption: string;
  childCount: number;
  shortcode: string;
  timestamp: number;
}

/** Counters the audience simulator (or a test) raises; the insights edges read them. */
export interface Engagement {
  views: number;
  reach: number;
  clicks: number;
  reactions: number;
  shares: number;
  saves: number;
}

export interface StateSnapshot {
  version: 1;
  people: MetaPerson[];
  pages: SandboxPage[];
  instagram: SandboxInstagramAccount[];
  tokens: TokenGrant[];
  posts: FeedPost[];
  photos: SandboxPhoto[];
  videos: SandboxVideo[];
  comments: SandboxComment[];
  containers: MediaContainer[];
  media: InstagramMedia[];
  engagement: Array<[string, Engagement]>;
  lastId: number;
}

/**
 * Everything the Graph emulator knows. Ids are numeric strings like Meta's; Page post ids are
 * `{page-id}_{post-id}`. Changes call `onChange` so the state file can be saved.
 */
export class GraphState {
  readonly people = new Map<string, MetaPerson>();
  readonly pages = new Map<string, SandboxPage>();
  readonly instagram = new Map<string, SandboxInstagramAccount>();
  readonly tokens = new Map<string, TokenGrant>();
  readonly posts = new Map<string, FeedPost>();
  readonly photos = new Map<string, SandboxPhoto>();
  readonly videos = new Map<string, SandboxVideo>();
  readonly comments = new Map<string, SandboxComment>();
  readonly containers = new Map<string, MediaContainer>();
  readonly media = new Map<string, InstagramMedia>();
  readonly engagement = new Map<string, Engagement>();
  /** Photo bytes for the CDN-like `/_media` route; memory only, never in the state file. */
  readonly photoBytes = new Map<string, Buffer>();
  private lastId = 0;

  constructor(private readonly onChange: () => void = () => undefined) {}

  nextId(): string {
    this.lastId += 1;
    // Meta's ids are long decimal numbers; a fixed prefix keeps them readable and unique per state.
    return `1784${String(this.lastId).padStart(11, '0')}`;
  }

  changed(): void {
    this.onChange();
  }

  /** A person with one Page and its Instagram account, created on first login with that name. */
  ensurePerson(name: string): MetaPerson {
    const existing = [...this.people.values()].find((person) => person.name === name);
    if (existing) return existing;
    const person = { id: this.nextId(), name };
    this.people.set(person.id, person);
    const handle =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '') || 'sandbox';
    this.addPage(person.id, `${name} Drinks`, `${handle}_drinks`);
    this.addPage(person.id, `${name} Motors`, undefined);
    this.changed();
    return person;
  }

  addPage(ownerId: string, name: string, instagramUsername: string | undefined): SandboxPage {
    const page: SandboxPage = { id: this.nextId(), name, ownerId };
    if (instagramUsername) {
      const account = { id: this.nextId(), username: instagramUsername, name, pageId: page.id };
      this.instagram.set(account.id, account);
      page.instagramId = account.id;
    }
    this.pages.set(page.id, page);
    this.changed();
    return page;
  }

  pagesOf(personId: string): SandboxPage[] {
    return [...this.pages.values()].filter((page) => page.ownerId === personId);
  }

  issueToken(grant: Omit<TokenGrant, 'token'>): TokenGrant {
    const prefix = grant.kind === 'page' ? 'EAAP' : 'EAAU';
    const issued = { ...grant, token: `${prefix}${randomBytes(24).toString('base64url')}` };
    this.tokens.set(issued.token, issued);
    this.changed();
    return issued;
  }

  /** The expire switch: every Page token issued so far runs out now; user tokens keep working. */
  expirePageTokens(now: number): void {
    for (const grant of this.tokens.values()) if (grant.kind === 'page') grant.expiresAt = now - 1;
    this.changed();
  }

  /** Invalidates every token of the login that issued `token` (a password change, a removed app). */
  invalidateLogin(token: string, reason: TokenGrant['invalidated'] = 'password_changed'): void {
    const grant = this.tokens.get(token);
    if (!grant) return;
    for (const other of this.tokens.values()) {
      if (other.personId === grant.personId && other.appId === grant.appId) other.invalidated = reason;
    }
    this.changed();
  }

  /** Takes a permission back from every token of the login (the person unticked it in settings). */
  revokePermission(token: string, scope: string): void {
    const grant = this.tokens.get(token);
    if (!grant) return;
    for (const other of this.tokens.values()) {
      if (other.personId === grant.personId && other.appId === grant.appId) {
        other.scopes = other.scopes.filter((granted) => granted !== scope);
      }
    }
    this.changed();
  }

  engagementOf(objectId: string): Engagement {
    let found = this.engagement.get(objectId);
    if (!found) {
      found = { views: 0, reach: 0, clicks: 0, reactions: 0, shares: 0, saves: 0 };
      this.engagement.set(objectId, found);
    }
    return found;
  }

  commentsOn(objectId: string): SandboxComment[] {
    return [...this.comments.values()]
      .filter((comment) => comment.objectId === objectId)
      .sort((a, b) => a.createdTime - b.createdTime || a.id.localeCompare(b.id));
  }

  threadOf(rootId: string): SandboxComment[] {
    return [...this.comments.values()]
      .filter((comment) => comment.rootId === rootId)
      .sort((a, b) => a.createdTime - b.createdTime || a.id.localeCompare(b.id));
  }

  snapshot(): StateSnapshot {
    return {
      version: 1,
      people: [...this.people.values()],
      pages: [...this.pages.values()],
      instagram: [...this.instagram.values()],
      tokens: [...this.tokens.values()],
      posts: [...this.posts.values()],
      photos: [...this.photos.values()],
      videos: [...this.videos.values()],
      comments: [...this.comments.values()],
      containers: [...this.containers.values()],
      media: [...this.media.values()],
      engagement: [...this.engagement.entries()],
      lastId: this.lastId,
    };
  }

  restore(snapshot: StateSnapshot): void {
    const fill = <T extends { id: string }>(map: Map<string, T>, items: T[]) => {
      for (const item of items) map.set(item.id, item);
    };
    fill(this.people, snapshot.people);
    fill(this.pages, snapshot.pages);
    fill(this.instagram, snapshot.instagram);
    fill(this.posts, snapshot.posts);
    fill(this.photos, snapshot.photos);
    fill(this.videos, snapshot.videos);
    fill(this.comments, snapshot.comments);
    fill(this.containers, snapshot.containers);
    fill(this.media, snapshot.media);
    for (const grant of snapshot.tokens) this.tokens.set(grant.token, grant);
    for (const [id, counters] of snapshot.engagement) this.engagement.set(id, counters);
    this.lastId = snapshot.lastId;
  }
}
