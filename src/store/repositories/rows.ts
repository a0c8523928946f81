import type { Selectable } from 'kysely';
import type { Post, Publication } from '../../core/model.js';
import type { ErrorClass, PublicationState } from '../../core/publication.js';
import type { PostsTable, PublicationsTable } from '../schema.js';

export function toPublication(row: Selectable<PublicationsTable>): Publication {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    postId: row.post_id,
    variantId: row.variant_id,
    accountId: row.account_id,
    state: row.state as PublicationState,
    dueAt: row.due_at,
    nextAttemptAt: row.next_attempt_at,
    attemptCount: Number(row.attempt_count),
    startedAt: row.started_at,
    publishedAt: row.published_at,
    late: Boolean(row.late),
    remoteId: row.remote_id,
    permalink: row.permalink,
    failure: row.failure_class
      ? {
          errorClass: row.failure_class as ErrorClass,
          message: row.failure_message ?? '',
          networkMessage: row.failure_network_message,
        }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toPost(row: Selectable<PostsTable>): Post {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    campaignId: row.campaign_id,
    text: row.text,
    mediaIds: JSON.parse(row.media_ids) as string[],
    scheduledAt: row.scheduled_at,
    timeZone: row.time_zone,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
