import { randomBytes, randomUUID } from 'node:crypto';
import { conflict, invalidInput, notFound } from '../core/errors.js';
import { isValidSlug, slugify } from '../core/links/codes.js';
import type { Campaign } from '../core/links/model.js';
import type { CampaignsRepository } from '../store/repositories/campaigns.repository.js';
import type { Clock } from './clock.js';

/** Campaigns group posts toward one goal; their slug is the `utm_campaign` of every tracked link. */
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly clock: Clock,
  ) {}

  async create(workspaceId: string, input: { name: string; slug?: string }): Promise<Campaign> {
    const name = input.name.trim();
    if (name.length === 0) throw invalidInput('Name the campaign', { field: 'name' });
    const slug = input.slug ?? (slugify(name) || `campaign-${randomBytes(3).toString('hex')}`);
    if (!isValidSlug(slug)) {
      throw invalidInput('A slug is lower-case letters and digits joined by single hyphens, at most 64', {
        field: 'slug',
      });
    }
    const campaign: Campaign = { id: randomUUID(), workspaceId, name, slug, createdAt: this.clock.now() };
    if (!(await this.campaigns.create(campaign))) {
      throw conflict(`This workspace already has a campaign with the slug ${slug}`, { field: 'slug' });
    }
    return campaign;
  }

  list(workspaceId: string): Promise<Campaign[]> {
    return this.campaigns.list(workspaceId);
  }

  /** By id or slug. */
  async get(workspaceId: string, idOrSlug: string): Promise<Campaign> {
    const campaign = await this.campaigns.find(workspaceId, idOrSlug);
    if (!campaign) throw notFound('Campaign', idOrSlug);
    return campaign;
  }
}
