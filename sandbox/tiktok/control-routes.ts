import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ProcessingOptions, TikTokFaults } from './processing.js';
import { statusOf } from './processing.js';
import { PRIVACY_LEVELS, type TikTokSandboxState } from './state.js';

export interface ControlRouteOptions extends ProcessingOptions {
  state: TikTokSandboxState;
  faults: TikTokFaults;
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
  /** The next post fails processing with this `fail_reason`. */
  z.object({ kind: z.literal('processing_failure'), reason: z.string().min(1).default('internal') }),
  /** The next post never finishes processing. */
  z.object({ kind: z.literal('processing_stuck') }),
]);

const creatorSettingsSchema = z
  .object({
    privacyLevelOptions: z.array(z.enum(PRIVACY_LEVELS)).min(1),
    maxVideoPostDurationSec: z.number().int().min(1),
    commentDisabled: z.boolean(),
    duetDisabled: z.boolean(),
    stitchDisabled: z.boolean(),
  })
  .partial();

/** Test and supervisor controls outside TikTok's paths: fault switches, creators' settings, posts. */
export function registerControlRoutes(app: FastifyInstance, options: ControlRouteOptions): void {
  const { state, faults } = options;

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
      case 'processing_failure':
        faults.failNextPost(command.reason);
        break;
      case 'processing_stuck':
        faults.stickNextPost();
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

  app.get('/_emulator/creators', async () => ({ creators: [...state.creators.values()] }));

  /** What creator_info will say: a private account, a shorter maximum, comments off. */
  app.patch<{ Params: { username: string } }>('/_emulator/creators/:username', async (request, reply) => {
    const creator = state.findCreatorByUsername(request.params.username);
    const parsed = creatorSettingsSchema.safeParse(request.body);
    if (!creator || !parsed.success) return reply.code(400).send({ error: 'unknown creator or bad settings' });
    Object.assign(creator, parsed.data);
    state.changed();
    return reply.send(creator);
  });

  app.get('/_emulator/posts', async () => ({
    posts: [...state.posts.values()].map((post) => ({
      publishId: post.publishId,
      postId: post.postId,
      openId: post.openId,
      mediaType: post.mediaType,
      source: post.source,
      status: statusOf(post, options, state, options.now()),
      failReason: post.failReason,
      title: post.postInfo.title,
      description: post.postInfo.description,
      privacyLevel: post.postInfo.privacyLevel,
      videoSize: post.videoSize,
      uploadedBytes: post.uploadedBytes,
      photos: post.photoUrls.length,
    })),
  }));

  /** The audience watched: sets a published post's counts. */
  app.post<{ Params: { postId: string } }>('/_emulator/posts/:postId/statistics', async (request, reply) => {
    const post = state.findPostByPostId(request.params.postId);
    const parsed = z
      .object({
        viewCount: z.number().int().min(0),
        likeCount: z.number().int().min(0),
        commentCount: z.number().int().min(0),
        shareCount: z.number().int().min(0),
      })
      .partial()
      .safeParse(request.body);
    if (!post || !parsed.success) return reply.code(400).send({ error: 'unknown post or bad counts' });
    Object.assign(post.statistics, parsed.data);
    state.changed();
    return reply.send(post.statistics);
  });
}
