import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorFaults, FaultSpec } from '../common/faults.js';
import type { ThreadsMedia, ThreadsState } from './state.js';

export interface ControlRouteOptions {
  state: ThreadsState;
  faults: EmulatorFaults;
  /** Someone in the audience replies to a post or reply. */
  addAudienceReply(parentId: string, username: string, text: string): ThreadsMedia;
}

const scope = {
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

/** Body of POST /_emulator/faults: the X emulator's switches, plus Meta's token troubles. */
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
  z.object({ kind: z.literal('revoke_user'), username: z.string().min(1) }),
  z.object({ kind: z.literal('drop_permission'), username: z.string().min(1), scope: z.string().min(1) }),
]);

const insightsSchema = z
  .object({
    views: z.number().int().min(0),
    likes: z.number().int().min(0),
    reposts: z.number().int().min(0),
    quotes: z.number().int().min(0),
    shares: z.number().int().min(0),
  })
  .partial()
  .strict();

/**
 * Controls for tests, the supervisor and the audience simulator, outside Threads' own paths (no
 * token needed): fault switches, geo-gating eligibility, audience replies and insight counts.
 */
export function registerControlRoutes(app: FastifyInstance, options: ControlRouteOptions): void {
  const { state, faults } = options;
  const userNamed = (username: string) => {
    const user = state.findUserByUsername(username);
    if (!user) throw Object.assign(new Error(`no sandbox user ${username}`), { statusCode: 404 });
    return user;
  };

  app.get('/_emulator/faults', async () => faults.view());
  app.post('/_emulator/faults', async (request, reply) => {
    const parsed = faultRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid fault', issues: parsed.error.issues });
    const command = parsed.data;
    switch (command.kind) {
      case 'latency':
        faults.setLatency(command.ms, { path: command.path, method: command.method });
        break;
      case 'expire_tokens':
        state.expireAllTokens();
        break;
      case 'revoke_user':
        state.revokeUserTokens(userNamed(command.username).id);
        break;
      case 'drop_permission':
        state.dropPermission(userNamed(command.username).id, command.scope);
        break;
      default:
        faults.inject(command satisfies FaultSpec);
    }
    return reply.code(201).send(faults.view());
  });
  app.delete('/_emulator/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.get('/_emulator/users', async () => ({ users: [...state.users.values()] }));
  app.post<{ Params: { username: string } }>('/_emulator/users/:username', async (request) => {
    const body = z.object({ eligibleForGeoGating: z.boolean() }).strict().parse(request.body);
    const user = userNamed(request.params.username);
    state.setGeoGatingEligibility(user.id, body.eligibleForGeoGating);
    return user;
  });

  app.get('/_emulator/posts', async () => ({ posts: [...state.media.values()] }));
  app.post<{ Params: { id: string } }>('/_emulator/media/:id/replies', async (request, reply) => {
    const body = z
      .object({ username: z.string().min(1), text: z.string().min(1) })
      .strict()
      .parse(request.body);
    return reply.code(201).send(options.addAudienceReply(request.params.id, body.username, body.text));
  });
  app.post<{ Params: { id: string } }>('/_emulator/media/:id/insights', async (request, reply) => {
    const media = state.media.get(request.params.id);
    if (!media) return reply.code(404).send({ error: 'no such media' });
    Object.assign(media.insights, insightsSchema.parse(request.body));
    state.touched();
    return media.insights;
  });
}
