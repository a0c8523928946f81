import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Link, LinkDomain, LinkTarget } from '../../core/links/model.js';
import type { Database, LinksTable } from '../schema.js';

export interface LinkFilter {
  postId?: string;
  campaignId?: string;
  limit: number;
}

/**
 * Writes links inside a transaction someone else holds: PostsRepository.create stores a post's
 * links with the post, so no post is ever published with a short link that does not exist.
 */
export async function insertLinkRows(db: Kysely<Database> | Transaction<Database>, links: Link[]): Promise<void> {
  if (links.length === 0) return;
  await db
    .insertInto('links')
    .values(
      links.map((link) => ({
        id: link.id,
        workspace_id: link.workspaceId,
        code: link.code,
        original_url: link.originalUrl,
        target_url: link.targetUrl,
        post_id: link.postId,
        variant_id: link.variantId,
        campaign_id: link.campaignId,
        network: link.network,
        segment_id: link.segmentId,
        enabled: link.enabled ? 1 : 0,
        expires_at: link.expiresAt,
        created_by: link.createdBy,
        created_at: link.createdAt,
        updated_at: link.updatedAt,
      })),
    )
    .execute();
}

export class LinksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** False when the code is taken (codes are unique across workspaces: the redirect knows only the code). */
  async create(link: Link): Promise<boolean> {
    if (await this.codeTaken(link.code)) return false;
    await insertLinkRows(this.db, [link]);
    return true;
  }

  async codeTaken(code: string): Promise<boolean> {
    const row = await this.db.selectFrom('links').select('id').where('code', '=', code).executeTakeFirst();
    return row !== undefined;
  }

  async find(workspaceId: string, idOrCode: string): Promise<Link | undefined> {
    const row = await this.db
      .selectFrom('links')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
      .executeTakeFirst();
    return row ? toLink(row) : undefined;
  }

  async list(workspaceId: string, filter: LinkFilter): Promise<Link[]> {
    let query = this.db.selectFrom('links').selectAll().where('workspace_id', '=', workspaceId);
    if (filter.postId) query = query.where('post_id', '=', filter.postId);
    if (filter.campaignId) query = query.where('campaign_id', '=', filter.campaignId);
    const rows = await query.orderBy('created_at', 'desc').orderBy('code').limit(filter.limit).execute();
    return rows.map(toLink);
  }

  async update(workspaceId: string, id: string, change: { enabled?: boolean; expiresAt?: number | null; now: number }) {
    await this.db
      .updateTable('links')
      .set({
        ...(change.enabled === undefined ? {} : { enabled: change.enabled ? 1 : 0 }),
        ...(change.expiresAt === undefined ? {} : { expires_at: change.expiresAt }),
        updated_at: change.now,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  }

  /** The redirect's view of one link, for a cache miss. */
  async targetByCode(code: string): Promise<LinkTarget | undefined> {
    const row = await this.db
      .selectFrom('links')
      .select(['id', 'workspace_id', 'target_url', 'enabled', 'expires_at'])
      .where('code', '=', code)
      .executeTakeFirst();
    return row ? toTarget(row) : undefined;
  }

  /** Links created or changed at or after `since`, oldest change first: how other processes' changes reach a cache. */
  async targetsChangedSince(since: number): Promise<Array<LinkTarget & { code: string; updatedAt: number }>> {
    const rows = await this.db
      .selectFrom('links')
      .select(['id', 'code', 'workspace_id', 'target_url', 'enabled', 'expires_at', 'updated_at'])
      .where('updated_at', '>=', since)
      .orderBy('updated_at')
      .limit(10_000)
      .execute();
    return rows.map((row) => ({ ...toTarget(row), code: row.code, updatedAt: row.updated_at }));
  }

  /** The newest links, to warm the redirect cache at start. */
  async newestTargets(limit: number): Promise<Array<LinkTarget & { code: string }>> {
    const rows = await this.db
      .selectFrom('links')
      .select(['id', 'code', 'workspace_id', 'target_url', 'enabled', 'expires_at'])
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...toTarget(row), code: row.code }));
  }

  async domainOf(workspaceId: string): Promise<LinkDomain | undefined> {
    const row = await this.db
      .selectFrom('link_domains')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? { workspaceId: row.workspace_id, host: row.host, baseUrl: row.base_url } : undefined;
  }

  async allDomains(): Promise<LinkDomain[]> {
    const rows = await this.db.selectFrom('link_domains').selectAll().execute();
    return rows.map((row) => ({ workspaceId: row.workspace_id, host: row.host, baseUrl: row.base_url }));
  }

  /** False when another workspace already serves links on this host. */
  async setDomain(domain: LinkDomain, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const owner = await trx
        .selectFrom('link_domains')
        .select('workspace_id')
        .where('host', '=', domain.host)
        .executeTakeFirst();
      if (owner && owner.workspace_id !== domain.workspaceId) return false;
      await trx.deleteFrom('link_domains').where('workspace_id', '=', domain.workspaceId).execute();
      await trx
        .insertInto('link_domains')
        .values({ host: domain.host, workspace_id: domain.workspaceId, base_url: domain.baseUrl, created_at: now })
        .execute();
      return true;
    });
  }

  async removeDomain(workspaceId: string): Promise<void> {
    await this.db.deleteFrom('link_domains').where('workspace_id', '=', workspaceId).execute();
  }

  async campaignSlug(workspaceId: string, campaignId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('campaigns')
      .select('slug')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', campaignId)
      .executeTakeFirst();
    return row?.slug;
  }

  async segmentNames(workspaceId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('segments')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

function toTarget(row: {
  id: string;
  workspace_id: string;
  target_url: string;
  enabled: number;
  expires_at: number | null;
}): LinkTarget {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    targetUrl: row.target_url,
    enabled: Boolean(row.enabled),
    expiresAt: row.expires_at,
  };
}

export function toLink(row: Selectable<LinksTable>): Link {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    code: row.code,
    originalUrl: row.original_url,
    targetUrl: row.target_url,
    postId: row.post_id,
    variantId: row.variant_id,
    campaignId: row.campaign_id,
    network: row.network,
    segmentId: row.segment_id,
    enabled: Boolean(row.enabled),
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
