import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { type HttpContext, typed } from '../context.js';
import {
  attemptSchema,
  createdPostSchema,
  createPostSchema,
  draftSchema,
  errorSchema,
  idParams,
  postSchema,
  variantReportSchema,
  workspaceParams,
} from '../schemas.js';
import { workspaceMember } from '../session.js';
import { attemptJson, createdPostJson, postJson } from '../views.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function postsRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, posts } = context.services;

  api.post(
    '/api/workspaces/:workspaceId/posts/validate',
    {
      schema: {
        tags: ['posts'],
        summary: 'Check a draft against every chosen network: lengths as each network counts them, and every problem',
        params: workspaceParams,
        body: draftSchema,
        response: { 200: z.object({ variants: z.array(variantReportSchema) }), 400: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'contributor');
      return { variants: await posts.validate(workspaceId, request.body) };
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/posts',
    {
      schema: {
        tags: ['posts'],
        summary: 'Create a post and schedule one publication per chosen account (or save it as a draft)',
        params: workspaceParams,
        body: createPostSchema,
        response: { 201: createdPostSchema, 400: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const { user, workspaceId } = await workspaceMember(auth, request, 'editor');
      const created = await posts.create(workspaceId, user.id, request.body);
      return reply.status(201).send(createdPostJson(created));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/posts',
    {
      schema: {
        tags: ['posts'],
        summary: 'Posts scheduled (or drafted) in a time range, with their publications',
        params: workspaceParams,
        querystring: z.object({
          from: z.string().datetime({ offset: true }).optional().describe('Start of the range (default: 7 days ago)'),
          to: z.string().datetime({ offset: true }).optional().describe('End of the range (default: 60 days ahead)'),
        }),
        response: { 200: z.object({ posts: z.array(postSchema) }), 400: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      const now = Date.now();
      const from = request.query.from ? Date.parse(request.query.from) : now - 7 * DAY_MS;
      const to = request.query.to ? Date.parse(request.query.to) : now + 60 * DAY_MS;
      if (to - from > 400 * DAY_MS) throw invalidInput('Ask for at most 400 days at a time');
      return { posts: (await posts.list(workspaceId, from, to)).map(postJson) };
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/posts/:id',
    {
      schema: {
        tags: ['posts'],
        summary: 'One post with its publications',
        params: idParams,
        response: { 200: postSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return postJson(await posts.get(workspaceId, request.params.id));
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/publications/:id/cancel',
    {
      schema: {
        tags: ['publications'],
        summary: 'Cancel a draft or scheduled publication; returns its post',
        params: idParams,
        response: { 200: postSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      const publication = await posts.cancelPublication(workspaceId, request.params.id);
      return postJson(await posts.get(workspaceId, publication.postId));
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/publications/:id/retry',
    {
      schema: {
        tags: ['publications'],
        summary: 'Publish a failed, unknown or cancelled publication again, now; returns its post',
        params: idParams,
        response: { 200: postSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      const publication = await posts.retryPublication(workspaceId, request.params.id);
      return postJson(await posts.get(workspaceId, publication.postId));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/publications/:id/attempts',
    {
      schema: {
        tags: ['publications'],
        summary: 'Every attempt at a publication, with the network’s own answer',
        params: idParams,
        response: { 200: z.object({ attempts: z.array(attemptSchema) }), 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return { attempts: (await posts.attempts(workspaceId, request.params.id)).map(attemptJson) };
    },
  );
}
