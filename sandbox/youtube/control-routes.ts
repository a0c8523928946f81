import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { escapeHtml, sandboxPage } from '../common/html.js';
import type { YouTubeFaults } from './faults.js';
import type { QuotaLedger } from './quota.js';
import { effectivePrivacy, uploadStatusOf } from './resources.js';
import type { YouTubeSandboxState } from './state.js';

export interface ControlRouteOptions {
  state: YouTubeSandboxState;
  faults: YouTubeFaults;
  quota: QuotaLedger;
  now: () => number;
}

const scope = {
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

/** Body of POST /_emulator/faults: one switch per request. */
const faultRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate_limit'), ...scope }),
  z.object({
    kind: z.literal('server_error'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    ...scope,
  }),
  z.object({ kind: z.literal('timeout'), afterProcessing: z.boolean().optional(), ...scope }),
  z.object({ kind: z.literal('unauthorized'), ...scope }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0), path: scope.path, method: scope.method }),
  z.object({ kind: z.literal('expire_tokens') }),
  z.object({
    kind: z.literal('interrupt_upload'),
    afterChunks: z.number().int().min(0).default(0),
    afterBytes: z.number().int().min(0).default(0),
  }),
  z.object({ kind: z.literal('processing_failure'), reason: z.string().min(1).default('codec') }),
  /** Spends a quota budget (`project:<client id>` or `channel:<id>`) down to what is left. */
  z.object({ kind: z.literal('quota'), key: z.string().min(1), usedUnits: z.number().int().min(0) }),
]);

/**
 * Test and supervisor controls outside Google's paths: fault switches, the quota ledger, what was
 * uploaded, an audience member's comment, and the public pages a permalink opens.
 */
export function registerControlRoutes(app: FastifyInstance, options: ControlRouteOptions): void {
  const { state, faults, quota, now } = options;

  app.get('/_emulator/faults', async () => faults.view());

  app.post('/_emulator/faults', async (request, reply) => {
    const parsed = faultRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'invalid fault',
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
    }
    const command = parsed.data;
    switch (command.kind) {
      case 'latency':
        faults.setLatency(command.ms, { path: command.path, method: command.method });
        break;
      case 'expire_tokens':
        faults.expireAllTokens();
        break;
      case 'interrupt_upload':
        faults.interruptUpload(command);
        break;
      case 'processing_failure':
        faults.failNextProcessing(command.reason);
        break;
      case 'quota':
        quota.setUsed(command.key, command.usedUnits);
        break;
      default:
        faults.inject(command);
    }
    return reply.code(201).send(faults.view());
  });

  app.delete('/_emulator/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.get('/_emulator/quota', async () => ({ usage: quota.view() }));

  app.get('/_emulator/channels', async () => ({ channels: [...state.channels.values()] }));

  app.get('/_emulator/videos', async () => ({
    videos: [...state.videos.values()].map((video) => ({
      id: video.id,
      channelId: video.channelId,
      title: video.snippet.title,
      description: video.snippet.description,
      tags: video.snippet.tags,
      privacyStatus: effectivePrivacy(video, now()),
      publishAt: video.status.publishAt,
      uploadStatus: uploadStatusOf(video, now()),
      size: video.file.size,
      mimeType: video.file.mimeType,
      thumbnail: video.thumbnail ? { mimeType: video.thumbnail.mimeType, size: video.thumbnail.size } : undefined,
      comments: state.commentCount(video.id),
    })),
  }));

  const commentSchema = z.object({
    videoId: z.string(),
    text: z.string().min(1),
    author: z.string().min(1).default('audience_member'),
    parentId: z.string().optional(),
  });

  /** Someone in the audience comments on a video (or replies to a comment). */
  app.post('/_emulator/comments', async (request, reply) => {
    const parsed = commentSchema.safeParse(request.body);
    if (!parsed.success || !state.videos.has(parsed.data.videoId)) {
      return reply.code(400).send({ error: 'a comment needs an existing videoId and a text' });
    }
    const author = state.ensureChannel(parsed.data.author);
    const comment = state.addComment({
      videoId: parsed.data.videoId,
      parentId: parsed.data.parentId,
      authorChannelId: author.id,
      authorDisplayName: author.title,
      text: parsed.data.text,
    });
    return reply.code(201).send(comment);
  });

  /** The audience watched and liked: sets a video's counters. */
  app.post<{ Params: { id: string } }>('/_emulator/videos/:id/statistics', async (request, reply) => {
    const video = state.videos.get(request.params.id);
    const parsed = z
      .object({ viewCount: z.number().int().min(0), likeCount: z.number().int().min(0) })
      .partial()
      .safeParse(request.body);
    if (!video || !parsed.success) return reply.code(400).send({ error: 'unknown video or bad counters' });
    Object.assign(video.statistics, parsed.data);
    state.changed();
    return reply.send(video.statistics);
  });

  app.get<{ Params: { id: string } }>('/_emulator/videos/:id/thumbnail', async (request, reply) => {
    const thumbnail = state.videos.get(request.params.id)?.thumbnail;
    if (!thumbnail) return reply.code(404).send({ error: 'no custom thumbnail' });
    return reply.type(thumbnail.mimeType).send(createReadStream(thumbnail.path));
  });

  app.get<{ Params: { id: string } }>('/_emulator/channels/:id/avatar.svg', async (request, reply) => {
    const channel = state.channels.get(request.params.id);
    const letter = escapeHtml((channel?.title ?? '?').slice(0, 1).toUpperCase());
    return reply
      .type('image/svg+xml')
      .send(
        `<svg xmlns="http://www.w3.org/2000/svg" width="88" height="88"><rect width="88" height="88" fill="#c00"/><text x="44" y="58" font-size="40" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`,
      );
  });

  app.get('/watch', async (request, reply) => {
    const id = (request.query as Record<string, string | undefined>).v ?? '';
    const video = state.videos.get(id);
    if (!video)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('YouTube', 'Video unavailable', '<h1>Video unavailable</h1>'));
    const channel = state.channels.get(video.channelId);
    const body = `<h1 data-testid="video-title">${escapeHtml(video.snippet.title)}</h1>
  <p class="meta">${escapeHtml(channel?.title ?? '')} · ${escapeHtml(effectivePrivacy(video, now()))} · ${escapeHtml(uploadStatusOf(video, now()))}</p>
  <p class="post">${escapeHtml(video.snippet.description)}</p>
  <p class="meta">${video.snippet.tags.map((tag) => `#${escapeHtml(tag)}`).join(' ')}</p>`;
    return reply.type('text/html').send(sandboxPage('YouTube', video.snippet.title, body));
  });

  app.get<{ Params: { handle: string } }>('/:handle', async (request, reply) => {
    const handle = request.params.handle;
    const channel = handle.startsWith('@') ? state.findChannelByUsername(handle.slice(1)) : undefined;
    if (!channel)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('YouTube', 'Not found', '<h1>This page isn’t available</h1>'));
    const videos = [...state.videos.values()].filter((video) => video.channelId === channel.id);
    const items = videos
      .map((video) => `<li><a href="/watch?v=${video.id}">${escapeHtml(video.snippet.title)}</a></li>`)
      .join('');
    const body = `<h1 data-testid="profile-name">${escapeHtml(channel.title)}</h1>
  <p class="meta">@${escapeHtml(channel.username.toLowerCase())} · ${videos.length} videos</p><ul>${items}</ul>`;
    return reply.type('text/html').send(sandboxPage('YouTube', channel.title, body));
  });
}
