import type { AccountSession, FindPublishedInput, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { callTikTok, nothingPublishedYet } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import type { TikTokDependencies } from './publish.js';
import { SessionTokens } from './session-tokens.js';

/** Pages of the creator's videos read (20 each) before giving up on an answer. */
const MAX_PAGES = 5;
/** Clocks differ: look a little before the first attempt started. */
const CLOCK_SKEW_MS = 2 * 60_000;
/** Publish ids remembered for reconciliation; the oldest are forgotten past this. */
const MAX_PENDING = 1000;

/**
 * Posts whose outcome Crier could not learn in time, by publication id, so a later look can ask
 * TikTok about that very post. Kept in this process's memory; after a restart the look falls back to
 * the creator's list of videos.
 */
export class PendingPosts {
  private readonly publishIds = new Map<string, string>();

  remember(publicationId: string, publishId: string): void {
    this.publishIds.delete(publicationId);
    this.publishIds.set(publicationId, publishId);
    if (this.publishIds.size > MAX_PENDING) {
      const oldest = this.publishIds.keys().next().value;
      if (oldest !== undefined) this.publishIds.delete(oldest);
    }
  }

  find(publicationId: string): string | undefined {
    return this.publishIds.get(publicationId);
  }
}

/**
 * Looks for the post of a publication whose outcome was unknown. With its publish id, TikTok's own
 * status answers: published (found), FAILED (certainly no post: publish again), still processing
 * (cannot tell yet). Without it, the creator's published videos since the first attempt are searched
 * by caption; not finding one proves nothing (a post in moderation is not listed yet), so that case
 * is "cannot tell" too, and Crier never posts twice on a guess.
 */
export async function findPublishedPost(
  deps: TikTokDependencies,
  pending: PendingPosts,
  session: AccountSession,
  input: FindPublishedInput,
): Promise<PublishResult | undefined> {
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, deps.transport.now);
  const username = tokens.creator.username;
  const permalink = (postId: string) => `${deps.webUrl}/@${username}/video/${postId}`;
  const publishId = pending.find(input.publicationId);
  if (publishId) {
    const status = await nothingPublishedYet(() =>
      tokens.run((accessToken) =>
        callTikTok<{ status?: string; publicaly_available_post_id?: Array<string | number> }>(deps.transport, {
          method: 'POST',
          path: '/v2/post/publish/status/fetch/',
          accessToken,
          json: { publish_id: publishId },
          action: 'asking how an earlier post is doing',
        }),
      ),
    );
    const postId = status.publicaly_available_post_id?.[0];
    if (status.status === 'PUBLISH_COMPLETE') {
      return postId === undefined
        ? { remoteId: publishId, permalink: `${deps.webUrl}/@${username}` }
        : { remoteId: String(postId), permalink: permalink(String(postId)) };
    }
    if (status.status === 'FAILED') return undefined;
    throw new ConnectorError(
      'transient',
      `${NETWORK_NAME} is still processing the earlier post (publish id ${publishId})`,
      {
        networkMessage: status.status,
      },
    );
  }

  let cursor: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const data = await nothingPublishedYet(() =>
      tokens.run((accessToken) =>
        callTikTok<{
          videos?: Array<{ id?: unknown; title?: unknown; create_time?: unknown }>;
          cursor?: number;
          has_more?: boolean;
        }>(deps.transport, {
          method: 'POST',
          path: '/v2/video/list/',
          query: { fields: 'id,title,create_time' },
          accessToken,
          json: { max_count: 20, ...(cursor === undefined ? {} : { cursor }) },
          action: 'looking for the post among the creator’s videos',
        }),
      ),
    );
    const videos = data.videos ?? [];
    const match = videos.find((video) => typeof video.title === 'string' && video.title.trim() === input.text.trim());
    if (match && (typeof match.id === 'string' || typeof match.id === 'number')) {
      return { remoteId: String(match.id), permalink: permalink(String(match.id)) };
    }
    const oldest = Math.min(...videos.map((video) => Number(video.create_time) * 1000));
    if (!data.has_more || oldest < input.since - CLOCK_SKEW_MS) break;
    cursor = data.cursor;
  }
  throw new ConnectorError(
    'transient',
    `${NETWORK_NAME} lists no such post yet; one still in processing or moderation is not listed, so Crier cannot tell`,
  );
}
