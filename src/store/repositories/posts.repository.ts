import type { Kysely } from 'kysely';
import type { Link } from '../../core/links/model.js';
import type { Post, Publication, Variant } from '../../core/model.js';
import type { Network } from '../../core/networks.js';
import type { AudienceSegment } from '../../core/segment.js';
import type { Database } from '../schema.js';
import { insertLinkRows } from './links.repository.js';
import { toPost, toPublication } from './rows.js';

export interface NewPublication {
  id: string;
  variantId: string;
  accountId: string;
  state: 'draft' | 'scheduled';
  dueAt: number;
}

export interface PostWithPublications {
  post: Post;
  variants: Variant[];
  publications: Publication[];
}

export class PostsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A post, its variants, its publications and its tracked links are written together or not at all. */
  async create(post: Post, variants: Variant[], publications: NewPublication[], links: Link[] = []): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('posts')
        .values({
          id: post.id,
          workspace_id: post.workspaceId,
          campaign_id: post.campaignId,
          text: post.text,
          media_ids: JSON.stringify(post.mediaIds),
          scheduled_at: post.scheduledAt,
          time_zone: post.timeZone,
          created_by: post.createdBy,
          created_at: post.createdAt,
          updated_at: post.updatedAt,
        })
        .execute();
      if (variants.length > 0) {
        await trx
          .insertInto('variants')
          .values(
            variants.map((variant) => ({
              id: variant.id,
              post_id: post.id,
              network: variant.network,
              segment_id: variant.segmentId,
              text: variant.text,
              media_ids: variant.mediaIds ? JSON.stringify(variant.mediaIds) : null,
              title: variant.title,
              link: variant.link,
              options: variant.options ? JSON.stringify(variant.options) : null,
              created_at: post.createdAt,
            })),
          )
          .execute();
      }
      if (publications.length > 0) {
        await trx
          .insertInto('publications')
          .values(
            publications.map((publication) => ({
              id: publication.id,
              workspace_id: post.workspaceId,
              post_id: post.id,
              variant_id: publication.variantId,
              account_id: publication.accountId,
              state: publication.state,
              due_at: publication.dueAt,
              next_attempt_at: publication.dueAt,
              attempt_count: 0,
              late: 0,
              created_at: post.createdAt,
              updated_at: post.createdAt,
            })),
          )
          .execute();
      }
      await insertLinkRows(trx, links);
    });
  }

  /** Posts with a publication due in [from, to), or drafts created in it, newest schedule last. */
  async listInRange(workspaceId: string, from: number, to: number): Promise<PostWithPublications[]> {
    const postRows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) =>
        eb.or([
          eb.and([eb('scheduled_at', '>=', from), eb('scheduled_at', '<', to)]),
          eb.and([eb('scheduled_at', 'is', null), eb('created_at', '>=', from), eb('created_at', '<', to)]),
        ]),
      )
      .orderBy('scheduled_at')
      .orderBy('created_at')
      .limit(1000)
      .execute();
    return this.withChildren(postRows.map(toPost));
  }

  async find(workspaceId: string, id: string): Promise<PostWithPublications | undefined> {
    const row = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const [result] = await this.withChildren([toPost(row)]);
    return result;
  }

  /** A variant with its post and, when it targets one, its segment's audience. */
  async findVariant(
    id: string,
  ): Promise<{ post: Post; variant: Variant; audience: AudienceSegment | null } | undefined> {
    const variantRow = await this.db.selectFrom('variants').selectAll().where('id', '=', id).executeTakeFirst();
    if (!variantRow) return undefined;
    const postRow = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', variantRow.post_id)
      .executeTakeFirstOrThrow();
    const segmentRow = variantRow.segment_id
      ? await this.db
          .selectFrom('segments')
          .select('definition')
          .where('id', '=', variantRow.segment_id)
          .executeTakeFirst()
      : undefined;
    return {
      post: toPost(postRow),
      variant: toVariant(variantRow),
      audience: segmentRow ? (JSON.parse(segmentRow.definition) as AudienceSegment) : null,
    };
  }

  private async withChildren(posts: Post[]): Promise<PostWithPublications[]> {
    if (posts.length === 0) return [];
    const ids = posts.map((post) => post.id);
    const [variantRows, publicationRows] = await Promise.all([
      this.db.selectFrom('variants').selectAll().where('post_id', 'in', ids).execute(),
      this.db
        .selectFrom('publications')
        .selectAll()
        .where('post_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    ]);
    return posts.map((post) => ({
      post,
      variants: variantRows.filter((row) => row.post_id === post.id).map(toVariant),
      publications: publicationRows.filter((row) => row.post_id === post.id).map(toPublication),
    }));
  }
}

function toVariant(row: {
  id: string;
  post_id: string;
  network: string;
  segment_id: string | null;
  text: string | null;
  media_ids: string | null;
  title: string | null;
  link: string | null;
  options: string | null;
}): Variant {
  return {
    id: row.id,
    postId: row.post_id,
    network: row.network as Network,
    segmentId: row.segment_id,
    text: row.text,
    mediaIds: row.media_ids ? (JSON.parse(row.media_ids) as string[]) : null,
    title: row.title,
    link: row.link,
    options: row.options ? (JSON.parse(row.options) as Record<string, unknown>) : null,
  };
}
