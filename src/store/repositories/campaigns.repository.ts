import type { Kysely, Selectable } from 'kysely';
import type { Campaign } from '../../core/links/model.js';
import type { CampaignsTable, Database } from '../schema.js';

export class CampaignsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** False when the workspace already has a campaign with this slug. */
  async create(campaign: Campaign): Promise<boolean> {
    const inserted = await this.db
      .insertInto('campaigns')
      .values({
        id: campaign.id,
        workspace_id: campaign.workspaceId,
        name: campaign.name,
        slug: campaign.slug,
        created_at: campaign.createdAt,
      })
      .onConflict((conflict) => conflict.columns(['workspace_id', 'slug']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async list(workspaceId: string): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toCampaign);
  }

  /** By id or by slug, within the workspace. */
  async find(workspaceId: string, idOrSlug: string): Promise<Campaign | undefined> {
    const row = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
      .executeTakeFirst();
    return row ? toCampaign(row) : undefined;
  }
}

function toCampaign(row: Selectable<CampaignsTable>): Campaign {
  return { id: row.id, workspaceId: row.workspace_id, name: row.name, slug: row.slug, createdAt: row.created_at };
}
