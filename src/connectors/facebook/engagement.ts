import type { AccountSession, CommentPage, MetricsReading, PublishResult, RemoteComment } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { FacebookLogin } from '../meta/facebook-login.js';
import { callGraph, type GraphTransport, stringField } from '../meta/graph-client.js';
import { PageSession } from '../meta/page-session.js';
import { NETWORK_NAME } from './publish.js';

export interface FacebookEngagementDependencies {
  transport: GraphTransport;
  login: FacebookLogin;
  webUrl: string;
}

const PAGE_SIZE = 50;

/**
 * Post insights Crier reads, and the common name each maps to (facebook.md, "Metrics"; the
 * impression metrics were retired in 2025, media views replace them). Likes count all reactions.
 */
export const FACEBOOK_METRIC_NAMES = {
  post_media_view: 'impressions',
  post_total_media_view_unique: 'reach',
  post_clicks: 'clicks',
  post_video_views: 'video_views',
} as const;

/** Comments on a Page post, replies included (`filter=stream`), oldest first, a page at a time. */
export async function listPostComments(
  deps: FacebookEngagementDependencies,
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
        filter: 'stream',
        order: 'chronological',
        fields: 'id,message,from{id,name},created_time,parent{id}',
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
    const parent = (entry.parent ?? undefined) as Record<string, unknown> | undefined;
    const created = Date.parse(String(entry.created_time ?? '').replace(/\+0000$/, 'Z'));
    return [
      {
        remoteId: id,
        parentRemoteId: parent ? stringField(parent, 'id') : undefined,
        // Meta leaves `from` out for people who have not allowed the app to see them.
        author: {
          remoteId: stringField(from, 'id') ?? '',
          handle: stringField(from, 'name') ?? 'Facebook user',
          displayName: stringField(from, 'name'),
        },
        text: String(entry.message ?? ''),
        createdAt: Number.isNaN(created) ? 0 : created,
      },
    ];
  });
  const paging = (answer.paging ?? {}) as { next?: unknown; cursors?: { after?: unknown } };
  const after = typeof paging.cursors?.after === 'string' ? paging.cursors.after : undefined;
  return { comments, nextCursor: paging.next && after ? after : undefined };
}

/** Answers a comment as the Page (`POST /{comment-id}/comments`). */
export async function replyToPostComment(
  deps: FacebookEngagementDependencies,
  session: AccountSession,
  input: { postRemoteId: string; commentRemoteId: string; text: string },
): Promise<PublishResult> {
  const page = new PageSession(session, deps.login, NETWORK_NAME);
  const answer = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'POST',
      path: `/${input.commentRemoteId}/comments`,
      accessToken,
      params: { message: input.text },
      action: 'replying to a comment',
    }),
  );
  const id = stringField(answer, 'id');
  if (!id) throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} accepted the reply but named no comment id`);
  return { remoteId: id, permalink: `${deps.webUrl}/${input.postRemoteId}?comment_id=${encodeURIComponent(id)}` };
}

/** Post insights plus reaction, comment and share counts from the post's own fields. */
export async function readPostMetrics(
  deps: FacebookEngagementDependencies,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  const page = new PageSession(session, deps.login, NETWORK_NAME);
  const insights = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'GET',
      path: `/${input.postRemoteId}/insights`,
      accessToken,
      params: { metric: Object.keys(FACEBOOK_METRIC_NAMES).join(','), period: 'lifetime' },
      action: 'reading post insights',
    }),
  );
  const counts = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'GET',
      path: `/${input.postRemoteId}`,
      accessToken,
      params: { fields: 'reactions.limit(0).summary(true),comments.limit(0).summary(true),shares' },
      action: 'reading post counts',
    }),
  );
  const raw: Record<string, number> = {};
  for (const entry of Array.isArray(insights.data)
    ? (insights.data as Array<{ name?: unknown; values?: Array<{ value?: unknown }> }>)
    : []) {
    const value = Number(entry.values?.[0]?.value);
    if (typeof entry.name === 'string' && Number.isFinite(value)) raw[entry.name] = value;
  }
  const total = (field: unknown) =>
    Number((field as { summary?: { total_count?: unknown } } | undefined)?.summary?.total_count);
  const reactions = total(counts.reactions);
  const comments = total(counts.comments);
  const shares = Number((counts.shares as { count?: unknown } | undefined)?.count);
  if (Number.isFinite(reactions)) raw['reactions.summary.total_count'] = reactions;
  if (Number.isFinite(comments)) raw['comments.summary.total_count'] = comments;
  if (Number.isFinite(shares)) raw['shares.count'] = shares;

  const metrics: MetricsReading['metrics'] = {};
  for (const [name, common] of Object.entries(FACEBOOK_METRIC_NAMES)) {
    const value = raw[name];
    if (value !== undefined) metrics[common] = value;
  }
  if (Number.isFinite(reactions)) metrics.likes = reactions;
  if (Number.isFinite(comments)) metrics.comments = comments;
  // Meta leaves `shares` out of a post nobody shared.
  metrics.shares = Number.isFinite(shares) ? shares : 0;
  return { metrics, raw };
}
