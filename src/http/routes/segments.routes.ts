import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type HttpContext, typed } from '../context.js';
import { audienceSchema, errorSchema, idParams, segmentSchema, workspaceParams } from '../schemas.js';
import { workspaceMember } from '../session.js';
import { segmentJson } from '../views.js';

export function segmentsRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, segments } = context.services;

  api.get(
    '/api/workspaces/:workspaceId/segments',
    {
      schema: {
        tags: ['segments'],
        summary: 'Audience segments of the workspace',
        params: workspaceParams,
        response: { 200: z.object({ segments: z.array(segmentSchema) }) },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return { segments: (await segments.list(workspaceId)).map(segmentJson) };
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/segments',
    {
      schema: {
        tags: ['segments'],
        summary: 'Define an audience (countries, regions, languages, ages, interests, professional attributes)',
        params: workspaceParams,
        body: z.object({ name: z.string().max(200), audience: audienceSchema }),
        response: { 201: segmentSchema, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      return reply.status(201).send(segmentJson(await segments.create(workspaceId, request.body)));
    },
  );

  api.delete(
    '/api/workspaces/:workspaceId/segments/:id',
    {
      schema: {
        tags: ['segments'],
        summary: 'Delete a segment (variants that used it keep their text and lose their audience)',
        params: idParams,
        response: { 204: z.null(), 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      await segments.delete(workspaceId, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
