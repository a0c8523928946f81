import { randomBytes, randomUUID } from 'node:crypto';
import { conflict, invalidInput, notFound } from '../core/errors.js';
import { generateCode, isValidCode } from '../core/links/codes.js';
import type { Link, LinkDomain } from '../core/links/model.js';
import { applyUtmTags, checkTargetUrl, type UtmTags } from '../core/links/tracked-url.js';
import { planTrackedLinks } from '../core/links/tracking-plan.js';
import type { CampaignsRepository } from '../store/repositories/campaigns.repository.js';
import type { LinksRepository } from '../store/repositories/links.repository.js';
import type { Clock } from './clock.js';
import type { LinkCache } from './link-cache.js';

export interface NewLinkInput {
  url: string;
  /** A chosen code (`summer`); generated when absent. */
  code?: string;
  /** Campaign id or slug; its slug becomes utm_campaign unless `utm.campaign` says otherwise. */
  campaign?: string;
  utm?: UtmTags;
  expiresAt?: number | null;
}

export interface LinkView extends Link {
  shortUrl: string;
}

/** What PostsService hands over when a post is scheduled: each variant's text before tracking. */
export interface PostToTrack {
  workspaceId: string;
  userId: string;
  postId: string;
  campaignId: string | null;
  variants: Array<{ variantId: string; network: string; segmentId: string | null; text: string; link: string | null }>;
}

/** A post's variants with short links in place of their URLs, and the links to store with the post. */
export interface TrackedPost {
  /** Rewritten text per variant id. */
  texts: Map<string, string>;
  /** Short link in place of a variant's separate link field, per variant id. */
  linkFields: Map<string, string>;
  links: Link[];
}

/**
 * Tracked links: made automatically for every URL of a scheduled post, or by hand; the workspace's
 * link domain; enabling, disabling and expiring links (the redirect cache learns at once).
 */
export class LinksService {
  /**
   * Hosts whose every path is a code, with the workspace whose links they serve: a workspace's own
   * domain serves only its links (one brand's domain never sends people to another brand's site);
   * the configured short-link origin (null) serves every workspace's.
   */
  private linkHosts = new Map<string, string | null>();
  private domainBases = new Map<string, string>();

  constructor(
    private readonly links: LinksRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly cache: LinkCache,
    private readonly clock: Clock,
    private readonly settings: { baseUrl: string; publicUrl: string },
  ) {}

  /** Reads the link domains; call before serving requests. */
  async loadDomains(): Promise<void> {
    const domains = await this.links.allDomains();
    const hosts = new Map<string, string | null>(domains.map((domain) => [domain.host, domain.workspaceId]));
    const base = new URL(this.settings.baseUrl);
    if (base.pathname === '/') hosts.set(base.host, null);
    this.linkHosts = hosts;
    this.domainBases = new Map(domains.map((domain) => [domain.workspaceId, domain.baseUrl]));
  }

  /**
   * For a request at `/:code`: undefined when its Host is no link host (the web UI's, say); null when
   * the host serves every workspace's links; else the one workspace whose links it serves.
   */
  linkHostOwner(host: string | undefined): string | null | undefined {
    if (host === undefined || this.linkHosts.size === 0) return undefined;
    return this.linkHosts.get(host.toLowerCase());
  }

  shortLinkBase(workspaceId: string): string {
    return this.domainBases.get(workspaceId) ?? this.settings.baseUrl;
  }

  /** A campaign's id from its id or slug, for a post being scheduled. */
  async campaignId(workspaceId: string, idOrSlug: string): Promise<string | undefined> {
    return (await this.campaigns.find(workspaceId, idOrSlug))?.id;
  }

  /** Plans the short links of a post's variants: rewritten texts and the links to store with the post. */
  async trackPost(post: PostToTrack): Promise<TrackedPost> {
    const campaignSlug = post.campaignId ? await this.links.campaignSlug(post.workspaceId, post.campaignId) : undefined;
    const segmentIds = [...new Set(post.variants.flatMap((variant) => (variant.segmentId ? [variant.segmentId] : [])))];
    const segmentNames = await this.links.segmentNames(post.workspaceId, segmentIds);
    const bases = [this.settings.baseUrl, ...this.domainBases.values()].map((base) => `${base}/`);
    const plan = planTrackedLinks({
      variants: post.variants.map((variant) => ({
        variantId: variant.variantId,
        network: variant.network,
        segmentName: variant.segmentId ? (segmentNames.get(variant.segmentId) ?? null) : null,
        text: variant.text,
        link: variant.link,
      })),
      campaignSlug: campaignSlug ?? null,
      shortLinkBase: this.shortLinkBase(post.workspaceId),
      isShortLink: (url) => bases.some((base) => url.startsWith(base)),
      newCode: () => generateCode(randomBytes),
    });
    const now = this.clock.now();
    const segmentOf = new Map(post.variants.map((variant) => [variant.variantId, variant.segmentId]));
    const links = plan.links.map(
      (planned): Link => ({
        id: randomUUID(),
        workspaceId: post.workspaceId,
        code: planned.code,
        originalUrl: planned.originalUrl,
        targetUrl: planned.targetUrl,
        postId: post.postId,
        variantId: planned.variantId,
        campaignId: post.campaignId,
        network: planned.network,
        segmentId: segmentOf.get(planned.variantId) ?? null,
        enabled: true,
        expiresAt: null,
        createdBy: post.userId,
        createdAt: now,
        updatedAt: now,
      }),
    );
    return { texts: plan.texts, linkFields: plan.linkFields, links };
  }

  async create(workspaceId: string, userId: string, input: NewLinkInput): Promise<LinkView> {
    const checked = checkTargetUrl(input.url);
    if (!checked.ok) throw invalidInput(checked.reason, { field: 'url' });
    if (input.code !== undefined && !isValidCode(input.code)) {
      throw invalidInput('A code has 3 to 64 letters, digits, `-` or `_`', { field: 'code' });
    }
    const campaign = input.campaign ? await this.campaigns.find(workspaceId, input.campaign) : undefined;
    if (input.campaign && !campaign) throw invalidInput(`Unknown campaign ${input.campaign}`, { field: 'campaign' });
    const now = this.clock.now();
    if (input.expiresAt != null && input.expiresAt <= now) {
      throw invalidInput('The expiry time is already past', { field: 'expiresAt' });
    }
    const link: Link = {
      id: randomUUID(),
      workspaceId,
      code: input.code ?? generateCode(randomBytes),
      originalUrl: checked.url,
      targetUrl: applyUtmTags(checked.url, { campaign: campaign?.slug, ...input.utm }),
      postId: null,
      variantId: null,
      campaignId: campaign?.id ?? null,
      network: null,
      segmentId: null,
      enabled: true,
      expiresAt: input.expiresAt ?? null,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.links.create(link))) throw conflict(`The code ${link.code} is taken: choose another`);
    this.cache.put(link.code, link);
    return this.view(link);
  }

  async list(workspaceId: string, filter: { postId?: string; campaign?: string; limit?: number }): Promise<LinkView[]> {
    const campaign = filter.campaign ? await this.campaigns.find(workspaceId, filter.campaign) : undefined;
    if (filter.campaign && !campaign) throw invalidInput(`Unknown campaign ${filter.campaign}`);
    const links = await this.links.list(workspaceId, {
      postId: filter.postId,
      campaignId: campaign?.id,
      limit: Math.min(filter.limit ?? 200, 1000),
    });
    return links.map((link) => this.view(link));
  }

  /** By id or code. */
  async get(workspaceId: string, idOrCode: string): Promise<LinkView> {
    const link = await this.links.find(workspaceId, idOrCode);
    if (!link) throw notFound('Link', idOrCode);
    return this.view(link);
  }

  async update(
    workspaceId: string,
    idOrCode: string,
    change: { enabled?: boolean; expiresAt?: number | null },
  ): Promise<LinkView> {
    const link = await this.get(workspaceId, idOrCode);
    await this.links.update(workspaceId, link.id, { ...change, now: this.clock.now() });
    const updated = await this.get(workspaceId, link.id);
    this.cache.put(updated.code, updated);
    return updated;
  }

  async domain(workspaceId: string): Promise<LinkDomain | undefined> {
    return this.links.domainOf(workspaceId);
  }

  /** Serves the workspace's short links at `/:code` on a domain of its own, e.g. `https://go.fizz.example`. */
  async setDomain(workspaceId: string, baseUrl: string): Promise<LinkDomain> {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw invalidInput(`${baseUrl} is not a URL`, { field: 'baseUrl' });
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash) {
      throw invalidInput('A link domain is an origin alone, like https://go.example', { field: 'baseUrl' });
    }
    if (url.host === new URL(this.settings.publicUrl).host) {
      throw invalidInput('The web UI’s own host cannot be a link domain: its links are at /l/ already', {
        field: 'baseUrl',
      });
    }
    const domain: LinkDomain = { workspaceId, host: url.host, baseUrl: url.origin };
    if (!(await this.links.setDomain(domain, this.clock.now()))) {
      throw conflict(`${url.host} already serves another workspace’s links`);
    }
    await this.loadDomains();
    return domain;
  }

  async removeDomain(workspaceId: string): Promise<void> {
    await this.links.removeDomain(workspaceId);
    await this.loadDomains();
  }

  private view(link: Link): LinkView {
    return { ...link, shortUrl: `${this.shortLinkBase(link.workspaceId)}/${link.code}` };
  }
}
