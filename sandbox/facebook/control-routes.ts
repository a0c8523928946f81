import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addComment } from './engagement-routes.js';
import type { MetaFaults } from './faults.js';
import type { GraphState } from './state.js';

const scope = {
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

/** Body of POST /_emulator/faults: one switch per request. */
const faultRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('throttle'),
    code: z.union([z.literal(4), z.literal(17), z.literal(32), z.literal(80001), z.literal(80002)]).optional(),
    regainInMinutes: z.number().int().min(0).optional(),
    ...scope,
  }),
  z.object({
    kind: z.literal('server_error'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    ...scope,
  }),
  z.object({ kind: z.literal('timeout'), afterProcessing: z.boolean().optional(), ...scope }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0), path: scope.path, method: scope.method }),
  z.object({ kind: z.literal('expire_page_tokens') }),
  z.object({ kind: z.literal('container_stuck'), count: scope.count }),
  z.object({ kind: z.literal('container_error'), count: scope.count }),
]);

const commentSchema = z.object({
  objectId: z.string().min(1),
  text: z.string().min(1),
  author: z.string().min(1).default('Sandbox Fan'),
});
const engagementSchema = z.object({
  objectId: z.string().min(1),
  views: z.number().int().min(0).default(0),
  reach: z.number().int().min(0).default(0),
  clicks: z.number().int().min(0).default(0),
  reactions: z.number().int().min(0).default(0),
  shares: z.number().int().min(0).default(0),
  saves: z.number().int().min(0).default(0),
});
const tokenSchema = z.object({ token: z.string().min(1), permission: z.string().min(1).optional() });

/** Test and supervisor controls outside Meta's paths: fault switches, the audience's actions, and views of what was posted. */
export function registerControlRoutes(
  app: FastifyInstance,
  state: GraphState,
  faults: MetaFaults,
  now: () => number,
): void {
  const invalid = (issues: z.core.$ZodIssue[]) => ({
    error: 'invalid request',
    issues: issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });

  app.get('/_emulator/faults', async () => faults.view());
  app.post('/_emulator/faults', async (request, reply) => {
    const parsed = faultRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(invalid(parsed.error.issues));
    const command = parsed.data;
    switch (command.kind) {
      case 'latency':
        faults.setLatency(command.ms, { path: command.path, method: command.method });
        break;
      case 'expire_page_tokens':
        state.expirePageTokens(now());
        break;
      case 'container_stuck':
      case 'container_error':
        faults.setContainerFate(command.kind === 'container_stuck' ? 'stuck' : 'error', command.count);
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

  app.post('/_emulator/tokens/invalidate', async (request, reply) => {
    const parsed = tokenSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(invalid(parsed.error.issues));
    state.invalidateLogin(parsed.data.token);
    return reply.code(204).send();
  });
  app.post('/_emulator/permissions/revoke', async (request, reply) => {
    const parsed = tokenSchema.safeParse(request.body);
    if (!parsed.success || !parsed.data.permission)
      return reply.code(400).send({ error: 'token and permission are required' });
    state.revokePermission(parsed.data.token, parsed.data.permission);
    return reply.code(204).send();
  });

  app.post('/_emulator/comments', async (request, reply) => {
    const parsed = commentSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(invalid(parsed.error.issues));
    const { objectId, text, author } = parsed.data;
    const username = author.toLowerCase().replace(/[^a-z0-9_.]+/g, '_');
    const comment = addComment(state, objectId, { id: `fan-${username}`, name: author, username }, text, now());
    return reply.code(201).send(comment);
  });
  app.post('/_emulator/engagement', async (request, reply) => {
    const parsed = engagementSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(invalid(parsed.error.issues));
    const { objectId, ...added } = parsed.data;
    const counters = state.engagementOf(objectId);
    for (const [name, value] of Object.entries(added)) counters[name as keyof typeof added] += value;
    state.changed();
    return reply.code(201).send(counters);
  });

  app.get('/_emulator/posts', async () => ({ posts: [...state.posts.values()] }));
  app.get('/_emulator/instagram', async () => ({
    containers: [...state.containers.values()],
    media: [...state.media.values()],
  }));
  app.get('/_emulator/people', async () => ({
    people: [...state.people.values()],
    pages: [...state.pages.values()],
    instagram: [...state.instagram.values()],
  }));
}
