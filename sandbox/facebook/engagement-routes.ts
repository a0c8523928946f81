import { graphErrors } from './graph-errors.js';
import { type GraphCall, GraphFailure, type GraphRouter } from './graph-router.js';
import { splitList } from './graph-specs.js';
import type { GraphState, SandboxComment } from './state.js';

export interface EngagementRouteOptions {
  state: GraphState;
  now: () => number;
}

/** Post metrics Meta still serves (facebook.md, "Metrics"), by the engagement counter each reads. */
const PAGE_POST_METRICS: Record<string, (counters: Counters) => unknown> = {
  post_media_view: (c) => c.views,
  post_total_media_view_unique: (c) => c.reach,
  post_clicks: (c) => c.clicks,
  post_reactions_like_total: (c) => c.reactions,
  post_reactions_by_type_total: (c) => ({ like: c.reactions }),
  post_video_views: (c) => c.views,
};
/** Retired impression metrics answer with an error, as after Meta's 2025 removals. */
const RETIRED_PAGE_POST_METRICS = new Set([
  'post_impressions',
  'post_impressions_unique',
  'post_impressions_paid',
  'post_engaged_users',
  'page_fans',
]);

const INSTAGRAM_METRICS: Record<string, (counters: Counters) => number> = {
  views: (c) => c.views,
  reach: (c) => c.reach,
  likes: (c) => c.reactions,
  comments: (c) => c.comments,
  shares: (c) => c.shares,
  saved: (c) => c.saves,
  total_interactions: (c) => c.reactions + c.comments + c.shares + c.saves,
  profile_visits: (c) => c.clicks,
  follows: () => 0,
};
const RETIRED_INSTAGRAM_METRICS = new Set([
  'impressions',
  'plays',
  'clips_replays_count',
  'video_views',
  'ig_reels_aggregated_all_plays_count',
]);

interface Counters {
  views: number;
  reach: number;
  clicks: number;
  reactions: number;
  shares: number;
  saves: number;
  comments: number;
}

const DEFAULT_PAGE_SIZE = 25;

/** Comments, replies and insights on Page posts and Instagram media. */
export function registerEngagementRoutes(router: GraphRouter, options: EngagementRouteOptions): void {
  const { state, now } = options;

  const readFacebook = { scopes: ['pages_read_engagement', 'pages_read_user_content'] };
  const answerFacebook = { scopes: ['pages_manage_engagement'], pageToken: true };
  const readInstagram = { scopes: ['instagram_basic', 'instagram_manage_comments'] };

  const listFacebook = (call: GraphCall) => {
    const all =
      call.nodeType === 'PagePost' && call.params.filter === 'stream'
        ? state.threadOf(call.id)
        : state.commentsOn(call.id);
    const ordered = call.params.order === 'reverse_chronological' ? [...all].reverse() : all;
    return paged(ordered, call, (comment) => ({
      id: comment.id,
      message: comment.message,
      created_time: graphTime(comment.createdTime),
      from: { id: comment.from.id, name: comment.from.name },
      ...(comment.parentId ? { parent: { id: comment.parentId } } : {}),
    }));
  };
  router.on('PagePost', 'GET', 'comments', readFacebook, listFacebook);
  router.on('Comment', 'GET', 'comments', readFacebook, listFacebook);

  const commentAsPage = (call: GraphCall) => {
    const page = call.pageId ? state.pages.get(call.pageId) : undefined;
    const message = call.params.message ?? '';
    if (message.trim() === '') throw new GraphFailure(graphErrors.invalidParameter('The comment is empty'));
    return { id: addComment(state, call.id, { id: page?.id ?? '', name: page?.name ?? '' }, message, now()).id };
  };
  router.on('PagePost', 'POST', 'comments', answerFacebook, commentAsPage);
  router.on('Comment', 'POST', 'comments', answerFacebook, commentAsPage);

  const listInstagram = (call: GraphCall) =>
    paged(state.commentsOn(call.id), call, (comment) => ({
      id: comment.id,
      text: comment.message,
      username: comment.from.username ?? comment.from.name,
      timestamp: graphTime(comment.createdTime),
      from: { id: comment.from.id, username: comment.from.username ?? comment.from.name },
      ...(comment.parentId ? { parent_id: comment.parentId } : {}),
    }));
  router.on('IGMedia', 'GET', 'comments', readInstagram, listInstagram);
  router.on('IGComment', 'GET', 'replies', readInstagram, listInstagram);

  const commentAsAccount = (call: GraphCall) => {
    const account = [...state.instagram.values()].find((candidate) => candidate.pageId === call.pageId);
    const message = call.params.message ?? '';
    if (message.trim() === '') throw new GraphFailure(graphErrors.invalidParameter('The comment is empty'));
    const from = { id: account?.id ?? '', name: account?.name ?? '', username: account?.username };
    return { id: addComment(state, call.id, from, message, now()).id };
  };
  router.on('IGMedia', 'POST', 'comments', readInstagram, commentAsAccount);
  router.on('IGComment', 'POST', 'replies', readInstagram, commentAsAccount);

  router.on('PagePost', 'GET', 'insights', { scopes: ['read_insights', 'pages_read_engagement'] }, (call) => {
    const asked = splitList(call.params.metric ?? Object.keys(PAGE_POST_METRICS).join(','));
    const retired = asked.filter((name) => RETIRED_PAGE_POST_METRICS.has(name));
    if (retired.length > 0)
      throw new GraphFailure(
        graphErrors.invalidParameter(`The value must be a valid insights metric (${retired.join(', ')} was retired)`),
      );
    const counters = countersOf(state, call.id);
    const isVideo = state.posts.get(call.id)?.kind === 'video';
    const data = asked
      .filter((name) => name in PAGE_POST_METRICS && (isVideo || name !== 'post_video_views'))
      .map((name) => insight(call.id, name, PAGE_POST_METRICS[name]?.(counters)));
    return { data, paging: {} };
  });

  router.on('IGMedia', 'GET', 'insights', { scopes: ['instagram_basic', 'instagram_manage_insights'] }, (call) => {
    const asked = splitList(call.params.metric ?? '');
    const retired = asked.filter((name) => RETIRED_INSTAGRAM_METRICS.has(name));
    if (retired.length > 0) {
      throw new GraphFailure(
        graphErrors.invalidParameter(
          `Starting from version v22.0 and above, the ${retired.join(', ')} metric is no longer supported`,
          2108006,
        ),
      );
    }
    const counters = countersOf(state, call.id);
    // A metric without data comes back missing, not as 0.
    const data = asked
      .filter((name) => name in INSTAGRAM_METRICS)
      .map((name) => insight(call.id, name, INSTAGRAM_METRICS[name]?.(counters)));
    return { data };
  });
}

function countersOf(state: GraphState, id: string): Counters {
  return { ...state.engagementOf(id), comments: state.threadOf(id).length };
}

function insight(id: string, name: string, value: unknown) {
  return {
    name,
    period: 'lifetime',
    values: [{ value }],
    title: name,
    description: name,
    id: `${id}/insights/${name}/lifetime`,
  };
}

/** Adds a comment on a post, media or comment, keeping the thread's root for `filter=stream`. */
export function addComment(
  state: GraphState,
  objectId: string,
  from: SandboxComment['from'],
  message: string,
  now: number,
): SandboxComment {
  const parent = state.comments.get(objectId);
  const comment: SandboxComment = {
    id: `${state.nextId()}`,
    objectId,
    rootId: parent ? parent.rootId : objectId,
    parentId: parent?.id,
    from,
    message,
    createdTime: now,
  };
  state.comments.set(comment.id, comment);
  state.changed();
  return comment;
}

/** Cursor paging as Meta does it: `limit`, `after`/`before` cursors, and `next` while more remain. */
function paged<T>(items: SandboxComment[], call: GraphCall, shape: (comment: SandboxComment) => T) {
  const limit = Math.min(100, Math.max(1, Number(call.params.limit ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE));
  const start = call.params.after ? decodeCursor(call.params.after) + 1 : 0;
  const slice = items.slice(start, start + limit);
  const paging: Record<string, unknown> = {};
  if (slice.length > 0) {
    paging.cursors = { before: encodeCursor(start), after: encodeCursor(start + slice.length - 1) };
    if (start + slice.length < items.length)
      paging.next = `?after=${encodeCursor(start + slice.length - 1)}&limit=${limit}`;
  }
  return { data: slice.map(shape), paging };
}

function encodeCursor(index: number): string {
  return Buffer.from(`position:${index}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const index = Number(/^position:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString())?.[1]);
  if (!Number.isInteger(index)) throw new GraphFailure(graphErrors.invalidParameter('The after cursor is not valid'));
  return index;
}

function graphTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
