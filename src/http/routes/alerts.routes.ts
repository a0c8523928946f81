import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type HttpContext, typed } from '../context.js';
import { alertSchema, errorSchema, idParams, workspaceParams } from '../schemas.js';
import { workspaceMember } from '../session.js';
import { alertJson } from '../views.js';

export function alertsRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, alerts } = context.services;

  api.get(
    '/api/workspaces/:workspaceId/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Open alerts: accounts to connect again, posts due to be made by hand',
        params: workspaceParams,
        response: { 200: z.object({ alerts: z.array(alertSchema) }), 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return { alerts: (await alerts.listOpen(workspaceId)).map(alertJson) };
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/alerts/:id/dismiss',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Dismiss an alert',
        params: idParams,
        response: { 204: z.null(), 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      await alerts.dismiss(workspaceId, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
