import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CrierError } from '../../core/errors.js';
import { type HttpContext, typed } from '../context.js';
import { accountSchema, environmentSchema, errorSchema, idParams, networkSchema, workspaceParams } from '../schemas.js';
import { currentUser, workspaceMember } from '../session.js';
import { accountJson } from '../views.js';

export function accountsRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, accounts } = context.services;

  api.get(
    '/api/networks',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Networks this Crier offers, with how to connect and their limits; those posted by hand (`publishing: manual`) say why',
        response: { 200: z.object({ networks: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    async (request) => {
      await currentUser(auth, request);
      return { networks: accounts.offers() as unknown as Record<string, unknown>[] };
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Connected accounts of the workspace',
        params: workspaceParams,
        response: { 200: z.object({ accounts: z.array(accountSchema) }) },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return { accounts: (await accounts.list(workspaceId)).map(accountJson) };
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/accounts/oauth/start',
    {
      schema: {
        tags: ['accounts'],
        summary: "Start connecting an account through the network's OAuth page",
        params: workspaceParams,
        body: z.object({
          network: networkSchema,
          environment: environmentSchema,
          server: z.string().max(253).optional().describe('Instance host, for networks of many servers (Mastodon)'),
        }),
        response: { 200: z.object({ authorizeUrl: z.string() }), 400: errorSchema, 503: errorSchema },
      },
    },
    async (request) => {
      const { user, workspaceId } = await workspaceMember(auth, request, 'admin');
      return accounts.beginOAuth({ workspaceId, userId: user.id, ...request.body });
    },
  );

  api.get(
    '/api/oauth/callback/:network',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Where the network sends the browser back after authorization',
        params: z.object({ network: networkSchema }),
        querystring: z.object({
          code: z.string().optional(),
          state: z.string().optional(),
          error: z.string().optional(),
          error_description: z.string().optional(),
        }),
      },
    },
    async (request, reply) => {
      const { code, state, error, error_description: description } = request.query;
      try {
        if (error) throw new CrierError('invalid_input', `The network refused the connection: ${description ?? error}`);
        if (!code || !state) throw new CrierError('invalid_input', 'The network sent no authorization code back');
        const user = await currentUser(auth, request);
        const outcome = await accounts.completeOAuth({ network: request.params.network, state, code, userId: user.id });
        return reply.redirect(
          outcome.kind === 'connected'
            ? `/accounts?connected=${encodeURIComponent(outcome.account.id)}`
            : `/accounts?choose=${encodeURIComponent(outcome.token)}`,
        );
      } catch (failure) {
        const message = failure instanceof CrierError ? failure.message : 'Connecting the account failed';
        if (!(failure instanceof CrierError)) request.log.error({ err: failure }, 'OAuth callback failed');
        return reply.redirect(`/accounts?error=${encodeURIComponent(message)}`);
      }
    },
  );

  const choiceParams = workspaceParams.extend({ token: z.string().min(1) });
  const candidateSchema = z.object({
    remoteId: z.string(),
    handle: z.string(),
    displayName: z.string(),
    profileUrl: z.string(),
    avatarUrl: z.string().optional(),
  });

  api.get(
    '/api/workspaces/:workspaceId/accounts/choices/:token',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The accounts a login offered (Pages, organizations…), to choose which to connect',
        params: choiceParams,
        response: {
          200: z.object({
            network: networkSchema,
            environment: environmentSchema,
            candidates: z.array(candidateSchema),
          }),
          400: errorSchema,
        },
      },
    },
    async (request) => {
      const { user, workspaceId } = await workspaceMember(auth, request, 'admin');
      return accounts.pendingChoice(workspaceId, user.id, request.params.token);
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/accounts/choices/:token',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Connect the chosen accounts of a pending choice',
        params: choiceParams,
        body: z.object({ remoteIds: z.array(z.string().min(1)).min(1) }),
        response: { 201: z.object({ accounts: z.array(accountSchema) }), 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { user, workspaceId } = await workspaceMember(auth, request, 'admin');
      const connected = await accounts.choose(workspaceId, user.id, request.params.token, request.body.remoteIds);
      return reply.status(201).send({ accounts: connected.map(accountJson) });
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/accounts/password',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Connect an account with its handle and an app password (Bluesky)',
        params: workspaceParams,
        body: z.object({
          network: networkSchema,
          environment: environmentSchema,
          service: z.string().url().optional(),
          identifier: z.string().trim().min(1),
          password: z.string().min(1),
        }),
        response: { 201: accountSchema, 400: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'admin');
      const account = await accounts.connectWithPassword({ workspaceId, ...request.body });
      return reply.status(201).send(accountJson(account));
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/accounts/manual',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Add the profile you post from by hand, on a network Crier cannot post to (no sign-in)',
        params: workspaceParams,
        body: z.object({ network: networkSchema, handle: z.string().trim().min(1).max(200) }),
        response: { 201: accountSchema, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'admin');
      const account = await accounts.addManualProfile({ workspaceId, ...request.body });
      return reply.status(201).send(accountJson(account));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/accounts/:id/destinations',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Where inside the account a post can go (Pinterest boards), for the variant option it names',
        params: idParams,
        response: {
          200: z.object({
            label: z.string(),
            optionKey: z.string(),
            destinations: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
          400: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'contributor');
      return accounts.destinations(workspaceId, request.params.id);
    },
  );

  api.delete(
    '/api/workspaces/:workspaceId/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Disconnect an account (its scheduled publications are removed)',
        params: idParams,
        response: { 204: z.null(), 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'admin');
      await accounts.disconnect(workspaceId, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
