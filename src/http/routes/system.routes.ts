import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type HttpContext, typed } from '../context.js';
import { errorSchema, sessionSchema, type userSchema } from '../schemas.js';
import { clearSessionCookie, currentUser, SESSION_COOKIE, setSessionCookie } from '../session.js';

export function systemRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth } = context.services;

  api.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({ status: z.literal('ok'), version: z.string(), database: z.enum(['sqlite', 'postgres']) }),
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      try {
        await context.ping();
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.status(503).send({
          code: 'database_unreachable',
          message: 'The database does not answer',
          requestId: String(request.id),
        });
      }
      return { status: 'ok' as const, version: context.version, database: context.databaseKind };
    },
  );

  api.get(
    '/api/setup',
    {
      schema: {
        tags: ['session'],
        summary: 'Whether Crier still needs its owner account',
        response: { 200: z.object({ needsSetup: z.boolean() }) },
      },
    },
    async () => ({ needsSetup: await auth.needsSetup() }),
  );

  api.post(
    '/api/setup',
    {
      schema: {
        tags: ['session'],
        summary: 'Create the owner account and first workspace (first run only)',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          email: z.string().trim().email(),
          password: z.string().min(1).max(1000),
          workspaceName: z.string().trim().min(1).max(200),
          timeZone: z.string().min(1),
        }),
        response: { 201: sessionSchema, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const grant = await auth.setupOwner(request.body);
      setSessionCookie(reply, grant, context.secureCookies);
      return reply.status(201).send(await sessionView(context, grant.user));
    },
  );

  api.post(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with email and password',
        body: z.object({ email: z.string().trim().min(1), password: z.string().min(1) }),
        response: { 200: sessionSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const grant = await auth.login(request.body.email, request.body.password);
      setSessionCookie(reply, grant, context.secureCookies);
      return sessionView(context, grant.user);
    },
  );

  api.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The signed-in user and their workspaces',
        response: { 200: sessionSchema, 401: errorSchema },
      },
    },
    async (request) => sessionView(context, await currentUser(auth, request)),
  );

  api.delete(
    '/api/session',
    { schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );
}

async function sessionView(context: HttpContext, user: z.infer<typeof userSchema>) {
  const memberships = await context.services.auth.memberships(user.id);
  return {
    user: { id: user.id, name: user.name, email: user.email },
    workspaces: memberships.map((m) => ({ ...m.workspace, role: m.role })),
  };
}
