import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { MAX_UPLOAD_BYTES } from '../../services/media.service.js';
import { type HttpContext, typed } from '../context.js';
import { errorSchema, idParams, mediaSchema, workspaceParams } from '../schemas.js';
import { workspaceMember } from '../session.js';
import { mediaJson } from '../views.js';

export function mediaRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, media } = context.services;

  api.post(
    '/api/workspaces/:workspaceId/media',
    {
      schema: {
        tags: ['media'],
        summary: 'Upload an image (multipart: `file`, optional `altText`)',
        consumes: ['multipart/form-data'],
        params: workspaceParams,
        response: { 201: mediaSchema, 400: errorSchema, 413: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'contributor');
      if (!request.isMultipart()) throw invalidInput('Send the image as multipart/form-data with a `file` field');
      let file: { fileName: string; bytes: Buffer } | undefined;
      let altText = '';
      for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw invalidInput(`Unexpected file field ${part.fieldname}; use \`file\``);
          const bytes = await part.toBuffer();
          file = { fileName: part.filename, bytes };
        } else if (part.fieldname === 'altText') {
          altText = String(part.value);
        }
      }
      if (!file) throw invalidInput('No `file` field in the upload');
      const stored = await media.upload({ workspaceId, fileName: file.fileName, bytes: file.bytes, altText });
      return reply.status(201).send(mediaJson(stored));
    },
  );

  api.patch(
    '/api/workspaces/:workspaceId/media/:id',
    {
      schema: {
        tags: ['media'],
        summary: 'Change the alt text of an image',
        params: idParams,
        body: z.object({ altText: z.string().max(2000) }),
        response: { 200: mediaSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'contributor');
      return mediaJson(await media.setAltText(workspaceId, request.params.id, request.body.altText));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/media/:id/content',
    { schema: { tags: ['media'], summary: 'The image bytes', params: idParams } },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      const found = await media.get(workspaceId, request.params.id);
      return reply
        .header('content-type', found.mimeType)
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(media.stream(found));
    },
  );
}
