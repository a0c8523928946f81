import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { inspectMedia } from '../common/media-inspection.js';
import { LinkedInFailure, linkedInErrors } from './errors.js';
import { requireAuthor } from './post-routes.js';
import { parseBody } from './post-schema.js';
import { restContextOf } from './rest-pipeline.js';
import type { LinkedInState } from './state.js';

/** linkedin.md, Text/media limits and Publish (Images, Videos). */
export const LINKEDIN_MEDIA_RULES = {
  imageMaxPixels: 36_152_320,
  imageMaxBytes: 200_000_000,
  videoMinBytes: 75_000,
  videoMaxBytes: 500_000_000,
  videoMinDurationMs: 3000,
  videoMaxDurationMs: 30 * 60_000,
  videoPartBytes: 4 * 1024 * 1024,
} as const;
const UPLOAD_URL_TTL_MS = 24 * 60 * 60_000;
const HEAD_BYTES = 1_000_000;

const owner = z.string().regex(/^urn:li:(?:person|organization):[A-Za-z0-9_-]+$/);
const imageInitSchema = z.object({ initializeUploadRequest: z.object({ owner }).strict() }).strict();
const videoInitSchema = z
  .object({
    initializeUploadRequest: z
      .object({
        owner,
        fileSizeBytes: z.number().int().positive(),
        uploadCaptions: z.boolean().optional(),
        uploadThumbnail: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();
const videoFinalizeSchema = z
  .object({
    finalizeUploadRequest: z
      .object({ video: z.string(), uploadToken: z.string(), uploadedPartIds: z.array(z.string()) })
      .strict(),
  })
  .strict();

export interface MediaRouteOptions {
  state: LinkedInState;
  publicUrl: (request: FastifyRequest) => string;
  videoProcessingMs: number;
  now: () => number;
}

/** Images and videos: initialize, upload the bytes to the URLs handed out, (videos) finalize, then poll. */
export function registerMediaRoutes(app: FastifyInstance, options: MediaRouteOptions): void {
  const { state, now } = options;
  const timers = new Set<NodeJS.Timeout>();
  const action = (request: FastifyRequest) => (request.query as { action?: string }).action;

  app.post('/rest/images', async (request) => {
    if (action(request) !== 'initializeUpload')
      throw new LinkedInFailure(linkedInErrors.badRequest('Unknown action; images take action=initializeUpload'));
    const body = parseBody(imageInitSchema, request.body, 'initializeUpload');
    requireAuthor(restContextOf(request), state, body.initializeUploadRequest.owner, 'images.ACTION');
    const id = state.opaqueId('C4E10AQ');
    const urn = `urn:li:image:${id}`;
    const uploadToken = randomBytes(12).toString('base64url');
    const expiresAt = now() + UPLOAD_URL_TTL_MS;
    state.images.set(urn, {
      urn,
      owner: body.initializeUploadRequest.owner,
      status: 'WAITING_UPLOAD',
      uploadToken,
      uploadUrlExpiresAt: expiresAt,
    });
    return {
      value: {
        uploadUrlExpiresAt: expiresAt,
        uploadUrl: `${options.publicUrl(request)}/dms-uploads/images/${id}?uploadToken=${uploadToken}`,
        image: urn,
      },
    };
  });

  app.get<{ Params: { urn: string } }>('/rest/images/:urn', async (request) => {
    restContextOf(request);
    const image = state.images.get(request.params.urn);
    if (!image) throw new LinkedInFailure(linkedInErrors.notFound(`Image ${request.params.urn}`));
    return { id: image.urn, owner: image.owner, status: image.status };
  });

  app.post('/rest/videos', async (request, reply) => {
    const context = restContextOf(request);
    if (action(request) === 'initializeUpload') {
      const { initializeUploadRequest: init } = parseBody(videoInitSchema, request.body, 'initializeUpload');
      requireAuthor(context, state, init.owner, 'videos.ACTION');
      const { videoMinBytes, videoMaxBytes, videoPartBytes } = LINKEDIN_MEDIA_RULES;
      if (init.fileSizeBytes < videoMinBytes || init.fileSizeBytes > videoMaxBytes) {
        throw new LinkedInFailure(
          linkedInErrors.unprocessable('The video size is outside the allowed range', [
            {
              code: 'INVALID_VALUE',
              description: `fileSizeBytes must be between ${videoMinBytes} and ${videoMaxBytes}`,
              fieldPath: '/initializeUploadRequest/fileSizeBytes',
            },
          ]),
        );
      }
      const id = state.opaqueId('D4E10AQ');
      const urn = `urn:li:video:${id}`;
      const uploadToken = randomBytes(12).toString('base64url');
      const parts = [];
      for (let first = 0; first < init.fileSizeBytes; first += videoPartBytes)
        parts.push({ firstByte: first, lastByte: Math.min(first + videoPartBytes, init.fileSizeBytes) - 1 });
      state.videos.set(urn, {
        urn,
        owner: init.owner,
        fileSizeBytes: init.fileSizeBytes,
        uploadToken,
        parts,
        status: 'WAITING_UPLOAD',
      });
      const base = options.publicUrl(request);
      return {
        value: {
          uploadUrlsExpireAt: now() + UPLOAD_URL_TTL_MS,
          video: urn,
          uploadInstructions: parts.map((part, index) => ({
            uploadUrl: `${base}/dms-uploads/videos/${id}/parts/${index}?uploadToken=${uploadToken}`,
            ...part,
          })),
          uploadToken,
        },
      };
    }
    if (action(request) === 'finalizeUpload') {
      const { finalizeUploadRequest: finalize } = parseBody(videoFinalizeSchema, request.body, 'finalizeUpload');
      const video = state.videos.get(finalize.video);
      if (!video) throw new LinkedInFailure(linkedInErrors.notFound(`Video ${finalize.video}`));
      requireAuthor(context, state, video.owner, 'videos.ACTION');
      const etags = video.parts.map((part) => part.etag);
      if (
        finalize.uploadToken !== video.uploadToken ||
        etags.some((etag) => !etag) ||
        etags.join() !== finalize.uploadedPartIds.join()
      ) {
        throw new LinkedInFailure(
          linkedInErrors.badRequest('uploadedPartIds must list the ETag of every uploaded part, in order'),
        );
      }
      video.status = 'PROCESSING';
      const timer = setTimeout(() => {
        timers.delete(timer);
        finishVideo(video);
        state.touched();
      }, options.videoProcessingMs);
      timer.unref();
      timers.add(timer);
      return reply.code(200).send();
    }
    throw new LinkedInFailure(
      linkedInErrors.badRequest('Unknown action; videos take action=initializeUpload or action=finalizeUpload'),
    );
  });

  app.get<{ Params: { urn: string } }>('/rest/videos/:urn', async (request) => {
    restContextOf(request);
    const video = state.videos.get(request.params.urn);
    if (!video) throw new LinkedInFailure(linkedInErrors.notFound(`Video ${request.params.urn}`));
    return {
      id: video.urn,
      owner: video.owner,
      status: video.status,
      ...(video.durationMs ? { duration: video.durationMs } : {}),
      ...(video.failure ? { processingFailureReason: video.failure } : {}),
    };
  });

  app.register(async (uploads) => {
    // Upload URLs take raw bytes of any type: hand the stream to the route.
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    uploads.put<{ Params: { id: string } }>('/dms-uploads/images/:id', async (request, reply) => {
      const image = state.images.get(`urn:li:image:${request.params.id}`);
      if (
        !image ||
        (request.query as { uploadToken?: string }).uploadToken !== image.uploadToken ||
        image.uploadUrlExpiresAt <= now()
      ) {
        throw new LinkedInFailure(linkedInErrors.notFound('Upload URL'));
      }
      const { size, head } = await drain(request.body as Readable, LINKEDIN_MEDIA_RULES.imageMaxBytes);
      const facts = inspectMedia(head);
      const pixels = (facts.width ?? 0) * (facts.height ?? 0);
      const known = facts.format === 'jpeg' || facts.format === 'png' || facts.format === 'gif';
      image.status = known && pixels <= LINKEDIN_MEDIA_RULES.imageMaxPixels ? 'AVAILABLE' : 'PROCESSING_FAILED';
      Object.assign(image, { size, width: facts.width, height: facts.height });
      return reply.code(201).send();
    });

    uploads.put<{ Params: { id: string; part: string } }>(
      '/dms-uploads/videos/:id/parts/:part',
      async (request, reply) => {
        const video = state.videos.get(`urn:li:video:${request.params.id}`);
        const part = video?.parts[Number(request.params.part)];
        if (!video || !part || (request.query as { uploadToken?: string }).uploadToken !== video.uploadToken) {
          throw new LinkedInFailure(linkedInErrors.notFound('Upload URL'));
        }
        const expected = part.lastByte - part.firstByte + 1;
        const { size, head, digest } = await drain(request.body as Readable, expected);
        if (size !== expected)
          throw new LinkedInFailure(
            linkedInErrors.badRequest(
              `This part takes bytes ${part.firstByte}–${part.lastByte} (${expected} bytes); ${size} came`,
            ),
          );
        if (part.firstByte === 0) video.head = head;
        part.etag = `/ambry-video/${digest}`;
        return reply.code(200).header('etag', part.etag).send();
      },
    );
  });

  app.addHook('onClose', async () => {
    for (const timer of timers) clearTimeout(timer);
  });

  function finishVideo(video: NonNullable<ReturnType<typeof state.videos.get>>): void {
    const facts = inspectMedia(video.head ?? Buffer.alloc(0));
    const { videoMinDurationMs, videoMaxDurationMs } = LINKEDIN_MEDIA_RULES;
    if (facts.format !== 'mp4' || facts.durationMs === undefined) {
      Object.assign(video, { status: 'PROCESSING_FAILED', failure: 'The file is not an MP4 video' });
    } else if (facts.durationMs < videoMinDurationMs || facts.durationMs > videoMaxDurationMs) {
      Object.assign(video, {
        status: 'PROCESSING_FAILED',
        failure: `The video lasts ${facts.durationMs} ms; LinkedIn takes 3 s to 30 min`,
        durationMs: facts.durationMs,
      });
    } else {
      Object.assign(video, { status: 'AVAILABLE', durationMs: facts.durationMs });
    }
  }
}

/** Reads an upload, counting bytes and keeping the head for inspection and a digest for the ETag. */
async function drain(stream: Readable, maxBytes: number): Promise<{ size: number; head: Buffer; digest: string }> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes)
      throw new LinkedInFailure(linkedInErrors.badRequest(`The upload is larger than ${maxBytes} bytes`));
    hash.update(buffer);
    if (headBytes < HEAD_BYTES) {
      head.push(buffer);
      headBytes += buffer.length;
    }
  }
  return { size, head: Buffer.concat(head), digest: hash.digest('hex').slice(0, 32) };
}
