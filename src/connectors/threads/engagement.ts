import type { AccountSession, CommentPage, MetricsReading, PublishResult, RemoteComment } from '../kit/connector.js';
import { stringField } from '../meta/graph-client.js';
import { ThreadsCaller, type ThreadsContext } from './graph.js';

const PAGE_SIZE = '50';
const POST_METRICS = ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'] as const;

/**
 * Replies to a post, oldest first, the whole conversation (replies to replies too), page by page
 * with Threads' cursors (threads.md, Reading engagement).
 */
export async function listThreadsReplies(
  context: ThreadsContext,
  session: AccountSession,
  input: { postRemoteId: string; cursor?: string },
): Promise<CommentPage> {
  const threads = new ThreadsCaller(context, session);
  const answer = await threads.call(
    'GET',
    `/${input.postRemoteId}/conversation`,
    { fields: 'id,text,username,timestamp,replied_to', reverse: 'false', limit: PAGE_SIZE, after: input.cursor },
    'reading the replies',
  );
  const items = (Array.isArray(answer.data) ? answer.data : []) as Array<Record<string, unknown>>;
  const comments: RemoteComment[] = items.map((item) => {
    const parent = (item.replied_to as { id?: unknown } | undefined)?.id;
    const username = stringField(item, 'username') ?? '';
    return {
      remoteId: stringField(item, 'id') ?? '',
      parentRemoteId: typeof parent === 'string' && parent !== input.postRemoteId ? parent : undefined,
      // Threads names repliers by username only; it is their stable handle.
      author: { remoteId: username, handle: username },
      text: stringField(item, 'text') ?? '',
      createdAt: Date.parse(stringField(item, 'timestamp') ?? ''),
    };
  });
  const paging = answer.paging as { next?: unknown; cursors?: { after?: unknown } } | undefined;
  const after = paging?.cursors?.after;
  return { comments, nextCursor: paging?.next && typeof after === 'string' ? after : undefined };
}

/** A reply is a post with `reply_to_id`: a container, then `threads_publish`. */
export async function replyOnThreads(
  context: ThreadsContext,
  session: AccountSession,
  input: { commentRemoteId: string; text: string },
): Promise<PublishResult> {
  const threads = new ThreadsCaller(context, session);
  const containerId = await threads.container(
    { media_type: 'TEXT', text: input.text, reply_to_id: input.commentRemoteId },
    'the reply',
  );
  const replyId = await threads.publishContainer(containerId, 'the reply');
  return { remoteId: replyId, permalink: await threads.permalinkOf(replyId) };
}

/**
 * A post's insights in Threads' names, mapped to Crier's: views → impressions, likes, replies →
 * comments, reposts + quotes + shares → shares. Threads reports no reach, saves, clicks (per post)
 * or video views apart from views, so those stay absent.
 */
export async function readThreadsMetrics(
  context: ThreadsContext,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  const threads = new ThreadsCaller(context, session);
  const answer = await threads.call(
    'GET',
    `/${input.postRemoteId}/insights`,
    { metric: POST_METRICS.join(',') },
    'reading the insights',
  );
  const raw: Record<string, number> = {};
  for (const metric of (Array.isArray(answer.data) ? answer.data : []) as Array<{
    name?: unknown;
    values?: Array<{ value?: unknown }>;
    total_value?: { value?: unknown };
  }>) {
    const value = Number(metric.values?.[0]?.value ?? metric.total_value?.value);
    if (typeof metric.name === 'string' && Number.isFinite(value)) raw[metric.name] = value;
  }
  const metrics: MetricsReading['metrics'] = {};
  if (raw.views !== undefined) metrics.impressions = raw.views;
  if (raw.likes !== undefined) metrics.likes = raw.likes;
  if (raw.replies !== undefined) metrics.comments = raw.replies;
  const passedOn = ['reposts', 'quotes', 'shares'].filter((name) => raw[name] !== undefined);
  if (passedOn.length > 0) metrics.shares = passedOn.reduce((total, name) => total + (raw[name] ?? 0), 0);
  return { metrics, raw };
}
