import { randomBytes } from 'node:crypto';

export interface Member {
  /** The id in `urn:li:person:{id}` and OpenID's `sub`. */
  id: string;
  username: string;
  givenName: string;
  familyName: string;
  email: string;
}

/** Follower counts by facet value (a geo, seniority, industry, function URN or a staff count range). */
export type FacetCounts = Record<string, number>;

/**
 * Who follows an organization, by the facets LinkedIn reports in its follower statistics, plus the
 * interface locales (`en_US`) it does not report but does target on.
 */
export interface FollowerDemographics {
  byGeoCountry: FacetCounts;
  bySeniority: FacetCounts;
  byIndustry: FacetCounts;
  byFunction: FacetCounts;
  byStaffCountRange: FacetCounts;
  byInterfaceLocale: FacetCounts;
}

export interface Organization {
  id: string;
  localizedName: string;
  vanityName: string;
  followers: FollowerDemographics;
}

export type OrganizationRole = 'ADMINISTRATOR' | 'DIRECT_SPONSORED_CONTENT_POSTER' | 'ANALYST' | 'CURATOR';

export interface OrganizationAcl {
  memberId: string;
  organizationId: string;
  role: OrganizationRole;
  state: 'APPROVED' | 'REQUESTED' | 'REJECTED' | 'REVOKED';
}

export interface AccessGrant {
  token: string;
  clientId: string;
  memberId: string;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshGrant {
  token: string;
  clientId: string;
  memberId: string;
  scopes: string[];
  /** Refresh tokens last 365 days and are not extended by use. */
  expiresAt: number;
}

export interface UploadedImage {
  urn: string;
  owner: string;
  status: 'WAITING_UPLOAD' | 'AVAILABLE' | 'PROCESSING_FAILED';
  uploadToken: string;
  uploadUrlExpiresAt: number;
  size?: number;
  width?: number;
  height?: number;
}

export interface UploadedVideo {
  urn: string;
  owner: string;
  fileSizeBytes: number;
  uploadToken: string;
  parts: Array<{ firstByte: number; lastByte: number; etag?: string }>;
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';
  failure?: string;
  durationMs?: number;
  /** Head of the first part, kept for inspection at finalize. */
  head?: Buffer;
}

export interface PostStatistics {
  impressionCount: number;
  uniqueImpressionsCount: number;
  clickCount: number;
  likeCount: number;
  shareCount: number;
}

export interface Post {
  urn: string;
  author: string;
  /** As sent, in LinkedIn's little text format. */
  commentary: string;
  /** What members read: the little text rendered (escapes removed, templates expanded). */
  renderedText: string;
  visibility: string;
  distribution: { feedDistribution: string; targetEntities?: Array<Record<string, unknown>> };
  content: Record<string, unknown> | undefined;
  lifecycleState: string;
  isReshareDisabledByAuthor: boolean;
  clientId: string;
  createdAt: number;
  statistics: PostStatistics;
}

export interface Comment {
  id: string;
  urn: string;
  object: string;
  actor: string;
  text: string;
  parentComment: string | undefined;
  createdAt: number;
}

export interface LinkedInSnapshot {
  version: 1;
  members: Member[];
  organizations: Organization[];
  acls: OrganizationAcl[];
  accessTokens: AccessGrant[];
  refreshTokens: RefreshGrant[];
  revoked: string[];
  posts: Post[];
  comments: Comment[];
}

/** Everything the emulator knows, in memory; methods are named after what LinkedIn does. */
export class LinkedInState {
  readonly members = new Map<string, Member>();
  readonly organizations = new Map<string, Organization>();
  acls: OrganizationAcl[] = [];
  readonly accessTokens = new Map<string, AccessGrant>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Tokens the member revoked, so LinkedIn can say so (REVOKED_ACCESS_TOKEN) rather than "invalid". */
  readonly revoked = new Set<string>();
  readonly codes = new Map<
    string,
    { clientId: string; redirectUri: string; memberId: string; scopes: string[]; expiresAt: number }
  >();
  readonly images = new Map<string, UploadedImage>();
  readonly videos = new Map<string, UploadedVideo>();
  readonly posts = new Map<string, Post>();
  readonly comments = new Map<string, Comment>();
  private lastId = 0n;

  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Numeric ids that grow with time, like LinkedIn's share and comment ids. */
  nextNumericId(): string {
    const candidate = BigInt(this.now()) * 1_000_000n;
    this.lastId = candidate > this.lastId ? candidate : this.lastId + 1n;
    return this.lastId.toString();
  }

  /** LinkedIn's opaque ids for members and media (`urn:li:person:xY3k…`, `urn:li:image:C4E…`). */
  opaqueId(prefix = ''): string {
    return `${prefix}${randomBytes(9).toString('base64url')}`;
  }

  findMemberByUsername(username: string): Member | undefined {
    const wanted = username.toLowerCase();
    for (const member of this.members.values()) if (member.username.toLowerCase() === wanted) return member;
    return undefined;
  }

  ensureMember(username: string): Member {
    const existing = this.findMemberByUsername(username);
    if (existing) return existing;
    const [given, ...family] = username.split(/[._-]/);
    const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
    const member: Member = {
      id: this.opaqueId(),
      username,
      givenName: capital(given ?? username),
      familyName: capital(family.join(' ') || 'Sandbox'),
      email: `${username}@sandbox.example`,
    };
    this.members.set(member.id, member);
    this.changed();
    return member;
  }

  addOrganization(organization: Organization): void {
    this.organizations.set(organization.id, organization);
    this.changed();
  }

  grantRole(acl: OrganizationAcl): void {
    this.acls = this.acls.filter(
      (existing) =>
        !(
          existing.memberId === acl.memberId &&
          existing.organizationId === acl.organizationId &&
          existing.role === acl.role
        ),
    );
    this.acls.push(acl);
    this.changed();
  }

  /** Approved roles of a member on an organization. */
  rolesOf(memberId: string, organizationId: string): OrganizationRole[] {
    return this.acls
      .filter((acl) => acl.memberId === memberId && acl.organizationId === organizationId && acl.state === 'APPROVED')
      .map((acl) => acl.role);
  }

  issueTokens(input: {
    clientId: string;
    memberId: string;
    scopes: string[];
    withRefresh: boolean;
    accessTtlMs: number;
    refreshTtlMs: number;
  }) {
    const access: AccessGrant = {
      token: `AQ${randomBytes(40).toString('base64url')}`,
      clientId: input.clientId,
      memberId: input.memberId,
      scopes: input.scopes,
      expiresAt: this.now() + input.accessTtlMs,
    };
    this.accessTokens.set(access.token, access);
    let refresh: RefreshGrant | undefined;
    if (input.withRefresh) {
      refresh = {
        token: `AQ${randomBytes(40).toString('base64url')}`,
        clientId: input.clientId,
        memberId: input.memberId,
        scopes: input.scopes,
        expiresAt: this.now() + input.refreshTtlMs,
      };
      this.refreshTokens.set(refresh.token, refresh);
    }
    this.changed();
    return { access, refresh };
  }

  /** The member withdrew the app's access: every token of theirs for that app stops, and says why. */
  revokeMember(memberId: string, clientId?: string): void {
    for (const map of [this.accessTokens, this.refreshTokens] as const) {
      for (const [token, grant] of map) {
        if (grant.memberId === memberId && (!clientId || grant.clientId === clientId)) {
          map.delete(token);
          this.revoked.add(token);
        }
      }
    }
    this.changed();
  }

  expireAllAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now() - 1);
    this.changed();
  }

  dropPermission(memberId: string, scope: string): void {
    for (const map of [this.accessTokens, this.refreshTokens] as const) {
      for (const grant of map.values())
        if (grant.memberId === memberId) grant.scopes = grant.scopes.filter((granted) => granted !== scope);
    }
    this.changed();
  }

  addPost(post: Omit<Post, 'urn' | 'createdAt' | 'statistics'>): Post {
    const stored: Post = {
      ...post,
      urn: `urn:li:share:${this.nextNumericId()}`,
      createdAt: this.now(),
      statistics: { impressionCount: 0, uniqueImpressionsCount: 0, clickCount: 0, likeCount: 0, shareCount: 0 },
    };
    this.posts.set(stored.urn, stored);
    this.changed();
    return stored;
  }

  addComment(input: { object: string; actor: string; text: string; parentComment?: string }): Comment {
    const id = this.nextNumericId();
    const comment: Comment = {
      id,
      urn: `urn:li:comment:(${input.object},${id})`,
      object: input.object,
      actor: input.actor,
      text: input.text,
      parentComment: input.parentComment,
      createdAt: this.now(),
    };
    this.comments.set(comment.urn, comment);
    this.changed();
    return comment;
  }

  commentsOn(object: string): Comment[] {
    return [...this.comments.values()]
      .filter((comment) => comment.object === object)
      .sort((a, b) => a.createdAt - b.createdAt || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  touched(): void {
    this.changed();
  }

  snapshot(): LinkedInSnapshot {
    return {
      version: 1,
      members: [...this.members.values()],
      organizations: [...this.organizations.values()],
      acls: this.acls,
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
      revoked: [...this.revoked],
      posts: [...this.posts.values()],
      comments: [...this.comments.values()],
    };
  }

  restore(snapshot: LinkedInSnapshot): void {
    for (const member of snapshot.members) this.members.set(member.id, member);
    for (const organization of snapshot.organizations) this.organizations.set(organization.id, organization);
    this.acls = snapshot.acls;
    for (const grant of snapshot.accessTokens) this.accessTokens.set(grant.token, grant);
    for (const grant of snapshot.refreshTokens) this.refreshTokens.set(grant.token, grant);
    for (const token of snapshot.revoked) this.revoked.add(token);
    for (const post of snapshot.posts) this.posts.set(post.urn, post);
    for (const comment of snapshot.comments) this.comments.set(comment.urn, comment);
  }

  private changed(): void {
    this.onChange();
  }
}
