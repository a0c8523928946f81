import type { AccountSession, CommentPage, MetricsReading, PublishResult, RemoteComment } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { callYouTube, itemsOf, nothingPublishedYet } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import { spendingQuota, watchUrl, type YouTubeDependencies } from './publish.js';
import { QUOTA_COSTS, reserveQuota } from './quota-ledger.js';
import { SessionTokens } from './session-tokens.js';

interface CommentResource {
  id: string;
  snippet?: {
    parentId?: string;
    textOriginal?: string;
    textDisplay?: string;
    authorDisplayName?: string;
    authorChannelId?: { value?: string };
    authorChannelUrl?: string;
    publishedAt?: string;
  };
}

interface ThreadResource {
  id: string;
  snippet?: { topLevelComment?: CommentResource };
  replies?: { comments?: CommentResource[] };
}

function toRemoteComment(comment: CommentResource): RemoteComment {
  const snippet = comment.snippet ?? {};
  const authorId = snippet.authorChannelId?.value ?? '';
  return {
    remoteId: comment.id,
    parentRemoteId: snippet.parentId,
    author: { remoteId: authorId, handle: authorId, displayName: snippet.authorDisplayName },
    text: snippet.textOriginal ?? snippet.textDisplay ?? '',
    createdAt: Date.parse(snippet.publishedAt ?? '') || 0,
  };
}

/**
 * A page of comment threads (`commentThreads.list`, 1 unit), each top-level comment followed by the
 * replies YouTube sends inline. YouTube pages newest threads first; each page is returned oldest first.
 */
export async function listComments(
  deps: YouTubeDependencies,
  session: AccountSession,
  input: { postRemoteId: string; cursor?: string },
  pageSize: number,
): Promise<CommentPage> {
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, deps.transport.now);
  await reserveQuota(
    deps.ledger,
    deps.quota,
    tokens.channelId,
    { units: QUOTA_COSTS.listCall, uploads: 0 },
    'reading comments',
    deps.transport.now(),
  );
  const query: Record<string, string> = {
    part: 'snippet,replies',
    videoId: input.postRemoteId,
    maxResults: String(pageSize),
    order: 'time',
    textFormat: 'plainText',
  };
  if (input.cursor) query.pageToken = input.cursor;
  const answer = await spendingQuota(deps, tokens.channelId, () =>
    nothingPublishedYet(() =>
      tokens.run((accessToken) =>
        callYouTube(deps.transport, {
          method: 'GET',
          path: '/youtube/v3/commentThreads',
          query,
          accessToken,
          action: 'reading comments',
        }),
      ),
    ),
  );
  const comments = itemsOf<ThreadResource>(answer.body).flatMap((thread) => {
    const top = thread.snippet?.topLevelComment;
    const replies = thread.replies?.comments ?? [];
    return [...(top ? [top] : []), ...replies].map(toRemoteComment);
  });
  comments.sort((a, b) => a.createdAt - b.createdAt);
  const next = (answer.body as { nextPageToken?: unknown } | undefined)?.nextPageToken;
  return { comments, nextCursor: typeof next === 'string' && next !== '' ? next : undefined };
}

/**
 * Answers a comment (`comments.insert`, 50 units). YouTube threads are one level deep: a reply to a
 * reply goes to the thread's top-level comment, whose id is the part before the dot.
 */
export async function replyToComment(
  deps: YouTubeDependencies,
  session: AccountSession,
  input: { postRemoteId: string; commentRemoteId: string; text: string },
): Promise<PublishResult> {
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, deps.transport.now);
  await reserveQuota(
    deps.ledger,
    deps.quota,
    tokens.channelId,
    { units: QUOTA_COSTS.commentsInsert, uploads: 0 },
    'replying to a comment',
    deps.transport.now(),
  );
  const parentId = input.commentRemoteId.split('.')[0] ?? input.commentRemoteId;
  const answer = await spendingQuota(deps, tokens.channelId, () =>
    tokens.run((accessToken) =>
      callYouTube(deps.transport, {
        method: 'POST',
        path: '/youtube/v3/comments',
        query: { part: 'snippet' },
        accessToken,
        json: { snippet: { parentId, textOriginal: input.text } },
        action: 'replying to the comment',
      }),
    ),
  );
  const id = (answer.body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') {
    throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} took the reply but named no comment id`, {
      status: answer.status,
    });
  }
  return { remoteId: id, permalink: `${watchUrl(deps.webUrl, input.postRemoteId)}&lc=${encodeURIComponent(id)}` };
}

/** Statistics of a video (`videos.list part=statistics`, 1 unit) in Crier's names, YouTube's beside. */
export async function readMetrics(
  deps: YouTubeDependencies,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, deps.transport.now);
  await reserveQuota(
    deps.ledger,
    deps.quota,
    tokens.channelId,
    { units: QUOTA_COSTS.listCall, uploads: 0 },
    'reading statistics',
    deps.transport.now(),
  );
  const answer = await spendingQuota(deps, tokens.channelId, () =>
    nothingPublishedYet(() =>
      tokens.run((accessToken) =>
        callYouTube(deps.transport, {
          method: 'GET',
          path: '/youtube/v3/videos',
          query: { part: 'statistics', id: input.postRemoteId },
          accessToken,
          action: 'reading statistics',
        }),
      ),
    ),
  );
  const statistics = itemsOf<{ statistics?: Record<string, unknown> }>(answer.body)[0]?.statistics;
  if (!statistics) {
    throw new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} has no video ${input.postRemoteId} (deleted, or not this channel's)`,
    );
  }
  const raw: Record<string, number> = {};
  for (const [name, value] of Object.entries(statistics)) {
    const number = Number(value);
    if (Number.isFinite(number)) raw[name] = number;
  }
  const metrics: MetricsReading['metrics'] = {};
  if (raw.viewCount !== undefined) metrics.video_views = raw.viewCount;
  if (raw.likeCount !== undefined) metrics.likes = raw.likeCount;
  if (raw.commentCount !== undefined) metrics.comments = raw.commentCount;
  return { metrics, raw };
}
