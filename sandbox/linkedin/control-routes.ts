import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorFaults, FaultSpec } from '../common/faults.js';
import type { Comment, LinkedInState } from './state.js';

export interface ControlRouteOptions {
  state: LinkedInState;
  faults: EmulatorFaults;
  /** Someone in the audience comments on a post (or replies to a comment). */
  addAudienceComment(postUrn: string, username: string, text: string, parentComment?: string): Comment;
}

const scope = {
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

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
  z.object({ kind: z.literal('revoke_member'), username: z.string().min(1) }),
  z.object({ kind: z.literal('drop_permission'), username: z.string().min(1), scope: z.string().min(1) }),
]);

const statisticsSchema = z
  .object({
    impressionCount: z.number().int().min(0),
    uniqueImpressionsCount: z.number().int().min(0),
    clickCount: z.number().int().min(0),
    likeCount: z.number().int().min(0),
    shareCount: z.number().int().min(0),
  })
  .partial()
  .strict();

/** Controls for tests, the supervisor and the audience simulator, outside LinkedIn's own paths. */
export function registerControlRoutes(app: FastifyInstance, options: ControlRouteOptions): void {
  const { state, faults } = options;
  const memberNamed = (username: string) => {
    const member = state.findMemberByUsername(username);
    if (!member) throw Object.assign(new Error(`no sandbox member ${username}`), { statusCode: 404 });
    return member;
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
        state.expireAllAccessTokens();
        break;
      case 'revoke_member':
        state.revokeMember(memberNamed(command.username).id);
        break;
      case 'drop_permission':
        state.dropPermission(memberNamed(command.username).id, command.scope);
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

  app.get('/_emulator/members', async () => ({ members: [...state.members.values()], acls: state.acls }));
  app.get('/_emulator/organizations', async () => ({ organizations: [...state.organizations.values()] }));
  app.get('/_emulator/posts', async () => ({ posts: [...state.posts.values()] }));
  app.post<{ Params: { urn: string } }>('/_emulator/posts/:urn/comments', async (request, reply) => {
    const body = z
      .object({ username: z.string().min(1), text: z.string().min(1), parentComment: z.string().optional() })
      .strict()
      .parse(request.body);
    return reply
      .code(201)
      .send(options.addAudienceComment(request.params.urn, body.username, body.text, body.parentComment));
  });
  app.post<{ Params: { urn: string } }>('/_emulator/posts/:urn/statistics', async (request, reply) => {
    const post = state.posts.get(request.params.urn);
    if (!post) return reply.code(404).send({ error: 'no such post' });
    Object.assign(post.statistics, statisticsSchema.parse(request.body));
    state.touched();
    return post.statistics;
  });
}
