import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import type { ReceivedFile } from '../../services/media.service.js';
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
        summary: 'Upload an image or a video (multipart: `file`, optional `altText`)',
        consumes: ['multipart/form-data'],
        params: workspaceParams,
        response: { 201: mediaSchema, 400: errorSchema, 413: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'contributor');
      if (!request.isMultipart()) throw invalidInput('Send the file as multipart/form-data with a `file` field');
      // The file goes to disk as it arrives, so a video of gigabytes never sits in memory.
      let received: ReceivedFile | undefined;
      let altText = '';
      try {
        for await (const part of request.parts({ limits: { fileSize: media.maxUploadBytes, files: 1 } })) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') throw invalidInput(`Unexpected file field ${part.fieldname}; use \`file\``);
            received = await media.receive(part.file, part.filename);
            if (part.file.truncated) throw new app.multipartErrors.RequestFileTooLargeError();
          } else if (part.fieldname === 'altText') {
            altText = String(part.value);
          }
        }
        if (!received) throw invalidInput('No `file` field in the upload');
        const stored = await media.store({ workspaceId, file: received, altText });
        return reply.status(201).send(mediaJson(stored));
      } finally {
        if (received) await media.discard(received);
      }
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
    { schema: { tags: ['media'], summary: 'The file’s bytes', params: idParams } },
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
