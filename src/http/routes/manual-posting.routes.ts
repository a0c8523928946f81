import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type HttpContext, typed } from '../context.js';
import { errorSchema, idParams, manualBundleSchema, postSchema } from '../schemas.js';
import { workspaceMember } from '../session.js';
import { manualBundleJson, postJson } from '../views.js';

/** Publications on networks posted by hand: the bundle to post, its files, and marking it posted. */
export function manualPostingRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, posts, manualPosting } = context.services;

  api.get(
    '/api/workspaces/:workspaceId/publications/:id/manual',
    {
      schema: {
        tags: ['publications'],
        summary: 'What to post by hand on a network Crier cannot post to: why, the text, the files and the steps',
        params: idParams,
        response: { 200: manualBundleSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return manualBundleJson(await manualPosting.bundle(workspaceId, request.params.id));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/publications/:id/manual/files/:index',
    {
      schema: {
        tags: ['publications'],
        summary: 'One file of the bundle to post by hand, as a download',
        params: idParams.extend({ index: z.coerce.number().int().min(0) }),
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      const file = await manualPosting.file(workspaceId, request.params.id, request.params.index);
      // Streamed from disk as the client reads: a video of hundreds of megabytes never sits in memory.
      return reply
        .header('content-type', file.mimeType)
        .header('content-length', String(file.size))
        .header('content-disposition', attachment(file.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.stream());
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/publications/:id/mark-posted',
    {
      schema: {
        tags: ['publications'],
        summary: 'Mark a publication posted by hand as published, with the link to the post; returns its post',
        params: idParams,
        body: z
          .object({
            permalink: z
              .string()
              .trim()
              .max(2000)
              .regex(/^https?:\/\//i, 'a link starting with https://')
              .url()
              .optional()
              .describe('The link to the post on the network'),
          })
          // a person may have no link to give: no body at all is fine
          .nullish(),
        response: { 200: postSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      const publication = await manualPosting.markPosted(workspaceId, request.params.id, request.body?.permalink);
      return postJson(await posts.get(workspaceId, publication.postId));
    },
  );
}

/** A download named as the file was uploaded, non-ASCII names included (RFC 6266 and 8187). */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
