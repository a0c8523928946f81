import type { FastifyRequest } from 'fastify';
import { type ApiContext, type ApiHandler, GraphFailure } from './api.js';
import { graphErrors } from './graph-errors.js';
import { pick } from './publish-handlers.js';
import type { ThreadsMedia, ThreadsState, ThreadsUser } from './state.js';

export interface ReadHandlerOptions {
  state: ThreadsState;
  /** Base of permalinks (`https://www.threads.net` live; the emulator's own address in the sandbox). */
  webUrl: (request: FastifyRequest) => string;
  now: () => number;
}

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

/** Profiles, posts, replies (page by page), reply moderation, deletion and insights. */
export function readHandlers(options: ReadHandlerOptions): Record<string, ApiHandler> {
  const { state } = options;
  const mediaJson = (media: ThreadsMedia, context: ApiContext) => mediaFields(media, context, options);
  const list = (items: ThreadsMedia[], context: ApiContext) =>
    paged(items, context, (item) => pick(mediaJson(item, context), context.params.fields));

  return {
    'GET user': {
      authenticated: true,
      scopes: () => ['threads_basic'],
      handle: (context) => pick(userFields(ownUser(context), context, options), context.params.fields),
    },
    'GET media': {
      authenticated: true,
      scopes: () => ['threads_basic'],
      handle: (context) => pick(mediaJson(mediaOf(context), context), context.params.fields),
    },
    'GET user/threads': {
      authenticated: true,
      scopes: () => ['threads_basic'],
      handle: (context) => list(newestFirst(mediaBy(state, ownUser(context).id, false)), context),
    },
    'GET user/replies': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_read_replies'],
      handle: (context) => list(newestFirst(mediaBy(state, ownUser(context).id, true)), context),
    },
    'GET media/replies': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_read_replies'],
      handle: (context) => list(ordered(state.repliesTo(mediaOf(context).id, 'direct'), context), context),
    },
    'GET media/conversation': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_read_replies'],
      handle: (context) => list(ordered(state.repliesTo(mediaOf(context).id, 'conversation'), context), context),
    },
    'POST media/manage_reply': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_manage_replies'],
      handle: (context) => {
        const reply = mediaOf(context);
        const root = reply.rootPostId ? state.media.get(reply.rootPostId) : undefined;
        if (!root || root.ownerId !== context.user?.id) {
          throw new GraphFailure(graphErrors.invalidParameter('Only replies to your own posts can be hidden'));
        }
        reply.hidden = context.params.hide === 'true';
        state.touched();
        return { success: true };
      },
    },
    'DELETE media': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_delete'],
      handle: (context) => {
        const media = ownMedia(context);
        media.deleted = true;
        state.touched();
        return { success: true, deleted_id: media.id };
      },
    },
    'GET media/insights': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_manage_insights'],
      handle: (context) => {
        const media = ownMedia(context);
        const values: Record<string, number> = {
          ...media.insights,
          // Nested replies are not counted (threads.md, Metrics).
          replies: state.repliesTo(media.id, 'direct').length,
        };
        return {
          data: metricsOf(context).map((name) => ({
            name,
            period: 'lifetime',
            values: [{ value: values[name] ?? 0 }],
            title: title(name),
            description: `The number of ${name} of your post.`,
            id: `${media.id}/insights/${name}/lifetime`,
          })),
        };
      },
    },
    'GET user/threads_insights': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_manage_insights'],
      handle: (context) => {
        const user = ownUser(context);
        const posts = mediaBy(state, user.id, false);
        const sum = (key: 'views' | 'likes' | 'reposts' | 'quotes') =>
          posts.reduce((total, post) => total + post.insights[key], 0);
        const totals: Record<string, number> = {
          views: sum('views'),
          likes: sum('likes'),
          reposts: sum('reposts'),
          quotes: sum('quotes'),
          replies: posts.reduce((total, post) => total + state.repliesTo(post.id, 'direct').length, 0),
          clicks: 0,
          followers_count: user.followersCount,
        };
        const endTime = metaTime(options.now());
        return {
          data: metricsOf(context).map((name) => {
            const base = {
              name,
              title: title(name),
              description: `Your profile's ${name}.`,
              id: `${user.id}/insights/${name}/day`,
            };
            if (name === 'views')
              return { ...base, period: 'day', values: [{ value: totals.views, end_time: endTime }] };
            if (name === 'follower_demographics') {
              const dimension = context.params.breakdown ?? 'country';
              return {
                ...base,
                period: 'lifetime',
                total_value: { breakdowns: [{ dimension_keys: [dimension], results: [] }] },
              };
            }
            return { ...base, period: 'day', total_value: { value: totals[name] ?? 0 } };
          }),
        };
      },
    },
  };
}

function ownUser(context: ApiContext): ThreadsUser {
  if (context.node.kind !== 'user' || !context.user)
    throw new GraphFailure(graphErrors.unsupported(context.request.method, 'user'));
  return context.node.user;
}

function mediaOf(context: ApiContext): ThreadsMedia {
  if (context.node.kind !== 'media') throw new GraphFailure(graphErrors.unsupported(context.request.method, 'media'));
  return context.node.media;
}

function ownMedia(context: ApiContext): ThreadsMedia {
  const media = mediaOf(context);
  if (media.ownerId !== context.user?.id)
    throw new GraphFailure(graphErrors.unsupported(context.request.method, media.id));
  return media;
}

function mediaBy(state: ThreadsState, userId: string, replies: boolean): ThreadsMedia[] {
  return [...state.media.values()].filter(
    (media) => media.ownerId === userId && !media.deleted && (media.replyToId !== undefined) === replies,
  );
}

function newestFirst(items: ThreadsMedia[]): ThreadsMedia[] {
  return [...items].sort((a, b) => b.timestamp - a.timestamp || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
}

/** Replies come newest first unless `reverse=false` asks for oldest first. */
function ordered(items: ThreadsMedia[], context: ApiContext): ThreadsMedia[] {
  return context.params.reverse === 'false' ? items : [...items].reverse();
}

function metricsOf(context: ApiContext): string[] {
  const metric = context.params.metric;
  if (!metric) throw new GraphFailure(graphErrors.invalidParameter('The parameter metric is required'));
  return metric.split(',').map((name) => name.trim());
}

function title(metric: string): string {
  return metric.charAt(0).toUpperCase() + metric.slice(1).replace(/_/g, ' ');
}

/** Meta's timestamps: `2026-11-26T07:17:28+0000`. */
export function metaTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function userFields(user: ThreadsUser, context: ApiContext, options: ReadHandlerOptions): Record<string, unknown> {
  const web = options.webUrl(context.request);
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    is_verified: user.isVerified,
    threads_profile_picture_url: `${web}/@${user.username}/picture.png`,
    threads_biography: user.biography,
    recently_searched_keywords: [],
    is_eligible_for_geo_gating: user.eligibleForGeoGating,
  };
}

function mediaFields(media: ThreadsMedia, context: ApiContext, options: ReadHandlerOptions): Record<string, unknown> {
  const owner = options.state.users.get(media.ownerId);
  const web = options.webUrl(context.request);
  const isReply = media.replyToId !== undefined;
  return {
    id: media.id,
    media_product_type: 'THREADS',
    media_type: media.mediaType,
    media_url: media.mediaUrl,
    permalink: owner ? `${web}/@${owner.username}/post/${media.shortcode}` : undefined,
    owner: { id: media.ownerId },
    username: owner?.username,
    text: media.text || undefined,
    timestamp: metaTime(media.timestamp),
    shortcode: media.shortcode,
    thumbnail_url: media.mediaType === 'VIDEO' ? media.mediaUrl : undefined,
    children: media.children.length > 0 ? { data: media.children.map((child) => ({ id: child.id })) } : undefined,
    is_quote_post: media.quotePostId !== undefined,
    quoted_post: media.quotePostId ? { id: media.quotePostId } : undefined,
    has_replies: options.state.repliesTo(media.id, 'direct').length > 0,
    alt_text: media.altText,
    link_attachment_url: media.linkAttachmentUrl,
    topic_tag: media.topicTag,
    is_verified: owner?.isVerified ?? false,
    profile_picture_url: owner ? `${web}/@${owner.username}/picture.png` : undefined,
    is_reply: isReply,
    is_reply_owned_by_me: media.ownerId === context.user?.id,
    root_post: media.rootPostId ? { id: media.rootPostId } : undefined,
    replied_to: media.replyToId ? { id: media.replyToId } : undefined,
    hide_status: isReply ? (media.hidden ? 'HIDDEN' : 'NOT_HUSHED') : undefined,
    reply_audience: media.replyControl.toUpperCase(),
  };
}

/** A page of a list with Graph's cursors; `next` is a ready URL when more follow. */
function paged<T extends { id: string }>(items: T[], context: ApiContext, toJson: (item: T) => unknown) {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(context.params.limit) || DEFAULT_PAGE_SIZE));
  const cursorIndex = (cursor: string | undefined) => {
    if (!cursor) return -1;
    const id = Buffer.from(cursor, 'base64url').toString('utf8');
    const index = items.findIndex((item) => item.id === id);
    if (index === -1) throw new GraphFailure(graphErrors.invalidParameter('The cursor is not valid'));
    return index;
  };
  let start = 0;
  if (context.params.after) start = cursorIndex(context.params.after) + 1;
  else if (context.params.before) start = Math.max(0, cursorIndex(context.params.before) - limit);
  const page = items.slice(start, start + limit);
  const cursor = (item: T | undefined) => (item ? Buffer.from(item.id).toString('base64url') : undefined);
  const paging: Record<string, unknown> = {};
  if (page.length > 0) paging.cursors = { before: cursor(page[0]), after: cursor(page.at(-1)) };
  if (start + limit < items.length) {
    const url = new URL(context.request.url, `${context.request.protocol}://${context.request.headers.host}`);
    url.searchParams.delete('before');
    url.searchParams.set('after', cursor(page.at(-1)) ?? '');
    paging.next = url.toString();
  }
  return { data: page.map(toJson), paging };
}
