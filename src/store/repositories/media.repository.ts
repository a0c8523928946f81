import type { Kysely, Selectable } from 'kysely';
import type { Media } from '../../core/model.js';
import type { Database, MediaTable } from '../schema.js';

export class MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(media: Media): Promise<void> {
    await this.db
      .insertInto('media')
      .values({
        id: media.id,
        workspace_id: media.workspaceId,
        file_name: media.fileName,
        mime_type: media.mimeType,
        size: media.size,
        width: media.width,
        height: media.height,
        alt_text: media.altText,
        storage_key: media.storageKey,
        created_at: media.createdAt,
      })
      .execute();
  }

  async find(workspaceId: string, id: string): Promise<Media | undefined> {
    const row = await this.db
      .selectFrom('media')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toMedia(row);
  }

  async findMany(workspaceId: string, ids: readonly string[]): Promise<Media[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('media')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, toMedia(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async setAltText(workspaceId: string, id: string, altText: string): Promise<boolean> {
    const result = await this.db
      .updateTable('media')
      .set({ alt_text: altText })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toMedia(row: Selectable<MediaTable>): Media {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: Number(row.size),
    width: row.width,
    height: row.height,
    altText: row.alt_text,
    storageKey: row.storage_key,
    createdAt: row.created_at,
  };
}
