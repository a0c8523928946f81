import type { Kysely, Selectable } from 'kysely';
import type { AudienceSegment, Segment } from '../../core/segment.js';
import type { Database, SegmentsTable } from '../schema.js';

export class SegmentsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(segment: Segment): Promise<void> {
    await this.db
      .insertInto('segments')
      .values({
        id: segment.id,
        workspace_id: segment.workspaceId,
        name: segment.name,
        definition: JSON.stringify(segment.audience),
        created_at: segment.createdAt,
      })
      .execute();
  }

  async list(workspaceId: string): Promise<Segment[]> {
    const rows = await this.db
      .selectFrom('segments')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
    return rows.map(toSegment);
  }

  async find(id: string): Promise<Segment | undefined> {
    const row = await this.db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSegment(row);
  }

  /** Whether a publication still to be published targets this segment. */
  async isInUse(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('variants')
      .innerJoin('publications', 'publications.variant_id', 'variants.id')
      .select('publications.id')
      .where('variants.segment_id', '=', id)
      .where('publications.state', 'in', ['draft', 'scheduled', 'publishing', 'unknown'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('segments')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toSegment(row: Selectable<SegmentsTable>): Segment {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    audience: JSON.parse(row.definition) as AudienceSegment,
    createdAt: row.created_at,
  };
}
