import type { AccountSession, CommentPage, MetricsReading, PublishResult, RemoteComment } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { FacebookLogin } from '../meta/facebook-login.js';
import { callGraph, type GraphTransport, stringField } from '../meta/graph-client.js';
import { PageSession } from '../meta/page-session.js';
import { NETWORK_NAME } from './publish.js';

export interface InstagramEngagementDependencies {
  transport: GraphTransport;
  login: FacebookLogin;
  webUrl: string;
}

const PAGE_SIZE = 50;

/**
 * Media insights Crier reads and the common name each maps to (instagram.md, "Metrics"). `views`
 * replaced impressions and plays in 2025; Instagram has no link clicks on posts, so `clicks` is absent.
 */
export const INSTAGRAM_METRIC_NAMES = {
  views: 'impressions',
  reach: 'reach',
  likes: 'likes',
  comments: 'comments',
  shares: 'shares',
  saved: 'saves',
} as const;

/** Top-level comments on a media, oldest first, a page at a time; replies are read per comment. */
export async function listMediaComments(
  deps: InstagramEngagementDependencies,
  session: AccountSession,
  input: { postRemoteId: string; cursor?: string },
): Promise<CommentPage> {
  const page = new PageSession(session, deps.login, NETWORK_NAME);
  const answer = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'GET',
      path: `/${input.postRemoteId}/comments`,
      accessToken,
      params: {
        fields: 'id,text,username,timestamp,from{id,username},parent_id',
        limit: String(PAGE_SIZE),
        after: input.cursor,
      },
      action: 'reading comments',
    }),
  );
  const data = Array.isArray(answer.data) ? (answer.data as Array<Record<string, unknown>>) : [];
  const comments = data.flatMap((entry): RemoteComment[] => {
    const id = stringField(entry, 'id');
    if (!id) return [];
    const from = (entry.from ?? {}) as Record<string, unknown>;
    const username = stringField(entry, 'username') ?? stringField(from, 'username') ?? 'instagram user';
    const created = Date.parse(String(entry.timestamp ?? '').replace(/\+0000$/, 'Z'));
    return [
      {
        remoteId: id,
        parentRemoteId: stringField(entry, 'parent_id'),
        author: { remoteId: stringField(from, 'id') ?? '', handle: username },
        text: String(entry.text ?? ''),
        createdAt: Number.isNaN(created) ? 0 : created,
      },
    ];
  });
  const paging = (answer.paging ?? {}) as { next?: unknown; cursors?: { after?: unknown } };
  const after = typeof paging.cursors?.after === 'string' ? paging.cursors.after : undefined;
  return { comments, nextCursor: paging.next && after ? after : undefined };
}

/** Answers a comment as the account (`POST /{ig-comment-id}/replies`). */
export async function replyToMediaComment(
  deps: InstagramEngagementDependencies,
  session: AccountSession,
  input: { postRemoteId: string; commentRemoteId: string; text: string },
): Promise<PublishResult> {
  const page = new PageSession(session, deps.login, NETWORK_NAME);
  const answer = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'POST',
      path: `/${input.commentRemoteId}/replies`,
      accessToken,
      params: { message: input.text },
      action: 'replying to a comment',
    }),
  );
  const id = stringField(answer, 'id');
  if (!id) throw new ConnectorError('unknown_outcome', 'Instagram accepted the reply but named no comment id');
  return { remoteId: id, permalink: `${deps.webUrl}/${page.current.instagramUsername ?? ''}` };
}

/** Media insights; a metric Meta has no data for comes back missing and stays absent. */
export async function readMediaMetrics(
  deps: InstagramEngagementDependencies,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  const page = new PageSession(session, deps.login, NETWORK_NAME);
  const media = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'GET',
      path: `/${input.postRemoteId}`,
      accessToken,
      params: { fields: 'media_product_type' },
      action: 'reading the media',
    }),
  );
  const insights = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'GET',
      path: `/${input.postRemoteId}/insights`,
      accessToken,
      params: { metric: [...Object.keys(INSTAGRAM_METRIC_NAMES), 'total_interactions'].join(',') },
      action: 'reading media insights',
    }),
  );
  const raw: Record<string, number> = {};
  for (const entry of Array.isArray(insights.data)
    ? (insights.data as Array<{ name?: unknown; values?: Array<{ value?: unknown }> }>)
    : []) {
    const value = Number(entry.values?.[0]?.value);
    if (typeof entry.name === 'string' && Number.isFinite(value)) raw[entry.name] = value;
  }
  const metrics: MetricsReading['metrics'] = {};
  for (const [name, common] of Object.entries(INSTAGRAM_METRIC_NAMES)) {
    const value = raw[name];
    if (value !== undefined) metrics[common] = value;
  }
  // On a reel, views are its plays too.
  if (stringField(media, 'media_product_type') === 'REELS' && raw.views !== undefined) metrics.video_views = raw.views;
  return { metrics, raw };
}
