import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultSpec, XFaults } from './faults.js';
import type { XSandboxState } from './state.js';

export interface ControlRouteOptions {
  state: XSandboxState;
  faults: XFaults;
}

const scope = {
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

/** Body of POST /_emulator/faults: one switch per request. */
const faultRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate_limit'), resetInSeconds: z.number().int().min(0).optional(), ...scope }),
  z.object({
    kind: z.literal('server_error'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    ...scope,
  }),
  z.object({ kind: z.literal('timeout'), afterProcessing: z.boolean().optional(), ...scope }),
  z.object({ kind: z.literal('unauthorized'), ...scope }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0), path: scope.path, method: scope.method }),
  z.object({ kind: z.literal('expire_tokens') }),
]);

export type FaultRequest = z.infer<typeof faultRequestSchema>;

/**
 * Test and supervisor controls, outside X's own paths: fault switches and a view of what was posted.
 * They are not part of the emulated API, so no token is needed.
 */
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
        return reply.code(201).send(faults.view());
      case 'expire_tokens':
        faults.expireAllTokens();
        return reply.code(201).send(faults.view());
      default:
        return reply.code(201).send(faults.inject(command satisfies FaultSpec));
    }
  });

  app.delete('/_emulator/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.get('/_emulator/posts', async () => ({
    posts: state.listPosts().map((post) => {
      const author = state.users.get(post.authorId);
      return {
        ...post,
        username: author?.username,
        media: post.mediaIds.map((id) => {
          const media = state.media.get(id);
          return { id, mimeType: media?.mimeType, size: media?.totalBytes, altText: media?.altText };
        }),
      };
    }),
  }));

  app.get('/_emulator/users', async () => ({ users: [...state.users.values()] }));
}
