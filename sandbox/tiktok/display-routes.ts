import type { FastifyInstance, FastifyRequest } from 'fastify';
import { escapeHtml, sandboxPage } from '../common/html.js';
import { apiContextOf } from './api-pipeline.js';
import type { SandboxPost, TikTokSandboxState } from './state.js';
import { sendData, tiktokErrors } from './tiktok-errors.js';

export interface DisplayRouteOptions {
  state: TikTokSandboxState;
  baseUrl: (request: FastifyRequest) => string;
}

const VIDEO_FIELDS = [
  'id',
  'title',
  'video_description',
  'duration',
  'cover_image_url',
  'share_url',
  'embed_link',
  'create_time',
  'view_count',
  'like_count',
  'comment_count',
  'share_count',
];

function fieldsOf(request: FastifyRequest): string[] {
  const raw = (request.query as Record<string, string | undefined>).fields ?? '';
  return raw
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
}

/**
 * The Display API Crier reads: the user (`/v2/user/info/`) and the creator's own published videos with
 * their counts (`/v2/video/query/`, up to 20 ids). Also the public pages a permalink opens.
 */
export function registerDisplayRoutes(app: FastifyInstance, options: DisplayRouteOptions): void {
  const { state } = options;

  app.get('/v2/user/info/', async (request, reply) => {
    const { creator } = apiContextOf(request);
    const all: Record<string, unknown> = {
      open_id: creator.openId,
      union_id: creator.openId.replace(/^-000/, 'u'),
      avatar_url: `${options.baseUrl(request)}/_emulator/avatars/${creator.openId}.svg`,
      display_name: creator.nickname,
      username: creator.username,
      profile_deep_link: `${options.baseUrl(request)}/@${creator.username}`,
    };
    const fields = fieldsOf(request);
    if (fields.length === 0) return tiktokErrors.invalidParams(reply, 'fields is required.');
    return sendData(reply, {
      user: Object.fromEntries(fields.filter((field) => field in all).map((field) => [field, all[field]])),
    });
  });

  /** The creator's published videos, newest first, 20 at most a page; `cursor` is a create time in ms. */
  app.post('/v2/video/list/', async (request, reply) => {
    const { creator } = apiContextOf(request);
    const fields = fieldsOf(request);
    if (fields.length === 0) return tiktokErrors.invalidParams(reply, 'fields is required.');
    const body = (request.body ?? {}) as { cursor?: unknown; max_count?: unknown };
    const maxCount = Number(body.max_count ?? 10);
    if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 20)
      return tiktokErrors.invalidParams(reply, 'max_count is 1 to 20.');
    const before = body.cursor === undefined ? Number.POSITIVE_INFINITY : Number(body.cursor);
    const published = [...state.posts.values()]
      .filter((post) => post.openId === creator.openId && post.postId && (post.receivedAt ?? post.createdAt) < before)
      .sort((a, b) => (b.receivedAt ?? b.createdAt) - (a.receivedAt ?? a.createdAt));
    const page = published.slice(0, maxCount);
    const last = page.at(-1);
    return sendData(reply, {
      videos: page.map((post) => videoFields(post, fields, options.baseUrl(request), creator.username)),
      cursor: last ? (last.receivedAt ?? last.createdAt) : 0,
      has_more: published.length > page.length,
    });
  });

  app.post('/v2/video/query/', async (request, reply) => {
    const { creator } = apiContextOf(request);
    const fields = fieldsOf(request);
    const unknown = fields.find((field) => !VIDEO_FIELDS.includes(field));
    if (fields.length === 0 || unknown)
      return tiktokErrors.invalidParams(
        reply,
        `fields must list video fields${unknown ? `; ${unknown} is not one` : ''}.`,
      );
    const ids = (request.body as { filters?: { video_ids?: unknown } } | undefined)?.filters?.video_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20)
      return tiktokErrors.invalidParams(reply, 'filters.video_ids takes 1 to 20 ids.');
    const videos = ids
      .map((id) => state.findPostByPostId(String(id)))
      .filter((post): post is SandboxPost => post !== undefined && post.openId === creator.openId)
      .map((post) => videoFields(post, fields, options.baseUrl(request), creator.username));
    return sendData(reply, { videos, cursor: 0, has_more: false });
  });

  app.get<{ Params: { username: string; id: string } }>('/@:username/video/:id', async (request, reply) => {
    const post = state.findPostByPostId(request.params.id);
    const creator = post ? state.creators.get(post.openId) : undefined;
    if (!post || !creator)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('TikTok', 'Not found', '<h1>Couldn’t find this video</h1>'));
    const body = `<h1 data-testid="post-author">@${escapeHtml(creator.username)}</h1>
  <p class="post" data-testid="post-text">${escapeHtml(post.postInfo.title || (post.postInfo.description ?? ''))}</p>
  <p class="meta">${post.mediaType === 'PHOTO' ? `${post.photoUrls.length} photos` : 'video'} · ${escapeHtml(post.postInfo.privacyLevel)}</p>`;
    return reply.type('text/html').send(sandboxPage('TikTok', `@${creator.username}`, body));
  });

  app.get<{ Params: { username: string } }>('/@:username', async (request, reply) => {
    const creator = state.findCreatorByUsername(request.params.username);
    if (!creator)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('TikTok', 'Not found', '<h1>Couldn’t find this account</h1>'));
    const posts = [...state.posts.values()].filter((post) => post.openId === creator.openId && post.postId);
    const items = posts
      .map(
        (post) =>
          `<li><a href="/@${escapeHtml(creator.username)}/video/${post.postId}">${escapeHtml(post.postInfo.title || 'untitled')}</a></li>`,
      )
      .join('');
    const body = `<h1 data-testid="profile-name">${escapeHtml(creator.nickname)}</h1><p class="meta">@${escapeHtml(creator.username)}</p><ul>${items}</ul>`;
    return reply.type('text/html').send(sandboxPage('TikTok', `@${creator.username}`, body));
  });

  app.get<{ Params: { file: string } }>('/_emulator/avatars/:file', async (request, reply) => {
    const creator = state.creators.get(request.params.file.replace(/\.svg$/, ''));
    const letter = escapeHtml((creator?.nickname ?? '?').slice(0, 1).toUpperCase());
    return reply
      .type('image/svg+xml')
      .send(
        `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" fill="#111"/><text x="48" y="62" font-size="44" text-anchor="middle" fill="#25f4ee" font-family="sans-serif">${letter}</text></svg>`,
      );
  });
}

function videoFields(post: SandboxPost, fields: string[], baseUrl: string, username: string): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: post.postId,
    title: post.postInfo.title,
    video_description: post.postInfo.description ?? post.postInfo.title,
    duration: 0,
    share_url: `${baseUrl}/@${username}/video/${post.postId}`,
    create_time: Math.floor((post.receivedAt ?? post.createdAt) / 1000),
    view_count: post.statistics.viewCount,
    like_count: post.statistics.likeCount,
    comment_count: post.statistics.commentCount,
    share_count: post.statistics.shareCount,
  };
  return Object.fromEntries(fields.filter((field) => field in all).map((field) => [field, all[field]]));
}
