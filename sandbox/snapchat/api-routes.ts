import { createDecipheriv } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readMultipart } from '../x/multipart.js';
import type { Placement, SnapchatState, TokenGrant } from './state.js';

/** Snap Marketing API's error body. */
export function sendError(reply: FastifyReply, status: number, message: string, code = 'E1001'): FastifyReply {
  return reply.code(status).send({
    request_status: 'ERROR',
    request_id: crypto.randomUUID(),
    debug_message: message,
    display_message: message,
    error_code: code,
  });
}

/** Parts are at most 32 MB (ProfileAssetManagement). */
export const MAX_PART_BYTES = 32 * 1024 * 1024;

const createMediaSchema = z
  .object({
    type: z.enum(['IMAGE', 'VIDEO']),
    name: z.string().min(1).max(375),
    key: z.string().min(1),
    iv: z.string().min(1),
  })
  .strict();
const storySchema = z.object({ media_id: z.string().uuid() }).strict();
const savedStorySchema = z.object({ media_id: z.string().uuid(), title: z.string().max(45).optional() }).strict();
const spotlightSchema = z
  .object({
    media_id: z.string().uuid(),
    description: z.string().max(160).optional(),
    locale: z.string().optional(),
    skip_save_to_profile: z.boolean().optional(),
  })
  .strict();

type Authorized = (request: FastifyRequest, reply: FastifyReply) => TokenGrant | undefined;

/**
 * Public Profile endpoints, following snapchat.md (paths marked there as seen in integrator code:
 * verify against the allowlisted documentation). Bodies are checked with zod, as Snap publishes no
 * OpenAPI for this API.
 */
export function registerApiRoutes(
  app: FastifyInstance,
  options: { state: SnapchatState; authorized: Authorized },
): void {
  const { state, authorized } = options;
  type ProfileParams = { Params: { profile_id: string; media_id?: string } };

  const ownProfile = (request: FastifyRequest<ProfileParams>, reply: FastifyReply) => {
    const grant = authorized(request, reply);
    if (!grant) return undefined;
    if (grant.profileId !== request.params.profile_id) {
      sendError(reply, 403, 'This token cannot manage that public profile.', 'E3003');
      return undefined;
    }
    return grant;
  };

  app.get('/v1/public_profiles/my_profile', async (request, reply) => {
    const grant = authorized(request, reply);
    if (!grant) return reply;
    const profile = state.profiles.get(grant.profileId);
    return {
      request_status: 'SUCCESS',
      request_id: crypto.randomUUID(),
      public_profiles: [
        {
          sub_request_status: 'SUCCESS',
          public_profile: { id: profile?.id, display_name: profile?.displayName, username: profile?.username },
        },
      ],
    };
  });

  app.post<ProfileParams>('/v1/public_profiles/:profile_id/media', async (request, reply) => {
    if (!ownProfile(request, reply)) return reply;
    const parsed = createMediaSchema.safeParse(request.body);
    if (!parsed.success)
      return sendError(
        reply,
        400,
        `Invalid media: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      );
    const key = Buffer.from(parsed.data.key, 'base64');
    const iv = Buffer.from(parsed.data.iv, 'base64');
    if (key.length !== 32 || iv.length !== 16)
      return sendError(reply, 400, 'key must be 32 bytes and iv 16 bytes, base64-encoded (AES-256-CBC).');
    const media = state.createMedia({
      profileId: request.params.profile_id,
      type: parsed.data.type,
      name: parsed.data.name,
      key,
      iv,
    });
    return { request_status: 'SUCCESS', request_id: crypto.randomUUID(), media_id: media.id };
  });

  app.post<ProfileParams>(
    '/v1/public_profiles/:profile_id/media/:media_id/multipart-upload',
    async (request, reply) => {
      if (!ownProfile(request, reply)) return reply;
      const media = state.usableMedia(request.params.media_id ?? '', request.params.profile_id);
      if (!media) return sendError(reply, 404, 'Media not found or expired (media objects are usable for 24 hours).');
      const { fields, files } = await readMultipart(request.body);
      switch (fields.action) {
        case 'INIT':
          media.state = 'UPLOADING';
          return { request_status: 'SUCCESS', request_id: crypto.randomUUID() };
        case 'ADD': {
          const part = Number(fields.part_number);
          const file = files.file;
          if (media.state !== 'UPLOADING' || !file || !Number.isInteger(part) || part < 1)
            return sendError(reply, 400, 'ADD needs an INIT first, a part_number from 1 and a file.');
          if (file.bytes.length > MAX_PART_BYTES) return sendError(reply, 400, 'A part is at most 32 MB.');
          media.parts.set(part, file.bytes);
          return { request_status: 'SUCCESS', request_id: crypto.randomUUID() };
        }
        case 'FINALIZE': {
          const numbers = [...media.parts.keys()].sort((a, b) => a - b);
          if (numbers.length === 0 || numbers.some((number, index) => number !== index + 1))
            return sendError(reply, 400, 'Parts must be numbered 1..n without gaps.');
          try {
            const decipher = createDecipheriv('aes-256-cbc', media.key, media.iv);
            const plain = Buffer.concat([
              ...numbers.map((number) => decipher.update(media.parts.get(number) ?? Buffer.alloc(0))),
              decipher.final(),
            ]);
            media.size = plain.length;
          } catch (error) {
            if (!(error instanceof Error)) throw error;
            return sendError(
              reply,
              400,
              `The uploaded file does not decrypt with the media's key and iv (${error.message}).`,
            );
          }
          media.parts.clear();
          media.state = 'READY';
          return { request_status: 'SUCCESS', request_id: crypto.randomUUID() };
        }
        default:
          return sendError(reply, 400, 'action must be INIT, ADD or FINALIZE.');
      }
    },
  );

  const publish = (
    path: string,
    placement: Placement,
    schema: z.ZodType<{ media_id: string; title?: string; description?: string; locale?: string }>,
  ) => {
    app.post<ProfileParams>(`/v1/public_profiles/:profile_id/${path}`, async (request, reply) => {
      if (!ownProfile(request, reply)) return reply;
      const parsed = schema.safeParse(request.body);
      if (!parsed.success)
        return sendError(
          reply,
          400,
          `Invalid ${path}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
        );
      const media = state.usableMedia(parsed.data.media_id, request.params.profile_id);
      if (media?.state !== 'READY') return sendError(reply, 400, 'The media is not uploaded and finalized.');
      if (placement === 'SPOTLIGHT' && media.type !== 'VIDEO')
        return sendError(reply, 400, 'Spotlight takes video only.');
      const post = state.addPost({
        profileId: request.params.profile_id,
        placement,
        mediaId: media.id,
        text: parsed.data.description ?? parsed.data.title ?? '',
        locale: parsed.data.locale,
      });
      return {
        request_status: 'SUCCESS',
        request_id: crypto.randomUUID(),
        [path]: [{ sub_request_status: 'SUCCESS', [path.replace(/s$/, '')]: { id: post.id, media_id: media.id } }],
      };
    });
  };
  publish('stories', 'STORY', storySchema);
  publish('saved_stories', 'SAVED_STORY', savedStorySchema);
  publish('spotlights', 'SPOTLIGHT', spotlightSchema);
}
