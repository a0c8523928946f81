import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiContextOf, mediaTypeOf } from './api-pipeline.js';
import {
  isImageCategory,
  MEDIA_EXPIRY_SECONDS,
  mediaKeyFor,
  needsProcessing,
  processingInfo,
  sizeLimitFor,
  sniffImageType,
} from './media-rules.js';
import { readMultipart } from './multipart.js';
import { problems, sendProblem } from './problems.js';
import type { MediaCategory, SandboxMedia, XSandboxState } from './state.js';

export interface MediaRouteOptions {
  state: XSandboxState;
  now: () => number;
  /** How long simulated GIF and video processing takes. */
  mediaProcessingMs: number;
}

interface MediaPayload {
  fields: Record<string, unknown>;
  bytes: Buffer | undefined;
}

const invalid = (reply: FastifyReply, parameter: string, message: string) =>
  sendProblem(reply, problems.invalidRequest([{ parameter, message: `${parameter}: ${message}` }]));

/** Multipart carries raw bytes in `media`; JSON carries them base64-encoded. */
async function readMediaPayload(request: FastifyRequest): Promise<MediaPayload> {
  if (mediaTypeOf(request) === 'multipart/form-data') {
    const { fields, files } = await readMultipart(request.body);
    return { fields, bytes: files.media?.bytes ?? (fields.media ? Buffer.from(fields.media, 'latin1') : undefined) };
  }
  const fields = (request.body ?? {}) as Record<string, unknown>;
  return { fields, bytes: typeof fields.media === 'string' ? Buffer.from(fields.media, 'base64') : undefined };
}

export function registerMediaRoutes(app: FastifyInstance, options: MediaRouteOptions): void {
  const { state, now } = options;

  const ownedMedia = (request: FastifyRequest, reply: FastifyReply, id: string): SandboxMedia | undefined => {
    const media = state.media.get(id);
    if (!media || media.expiresAt <= now()) {
      sendProblem(reply, problems.resourceNotFound(`Could not find media with id: [${id}].`, 'media', 'id', id));
      return undefined;
    }
    if (media.ownerId !== apiContextOf(request).user.id) {
      sendProblem(reply, problems.notAuthorizedForResource('You cannot use media you do not own.', 'media', id));
      return undefined;
    }
    return media;
  };

  const newMedia = (ownerId: string, category: MediaCategory, mimeType: string, totalBytes: number): SandboxMedia => {
    const id = state.nextId();
    return {
      id,
      mediaKey: mediaKeyFor(id, category),
      ownerId,
      mimeType,
      category,
      totalBytes,
      segments: new Map(),
      bytes: undefined,
      state: 'uploading',
      readyAt: undefined,
      failureReason: undefined,
      altText: undefined,
      createdAt: now(),
      expiresAt: now() + MEDIA_EXPIRY_SECONDS * 1000,
    };
  };

  /** Bytes are complete: check them, then the media is ready or starts processing. */
  const complete = (media: SandboxMedia, bytes: Buffer): string | undefined => {
    if (bytes.length > sizeLimitFor(media.category)) {
      return `the file is ${bytes.length} bytes; ${media.category} takes up to ${sizeLimitFor(media.category)}`;
    }
    if (isImageCategory(media.category) || media.category.endsWith('gif')) {
      const sniffed = sniffImageType(bytes);
      if (!sniffed) return 'the bytes are not a JPEG, PNG, GIF or WEBP image';
      media.mimeType = sniffed;
    }
    media.bytes = bytes;
    media.totalBytes = bytes.length;
    media.segments.clear();
    if (needsProcessing(media.category) && options.mediaProcessingMs > 0) {
      media.state = 'pending';
      media.readyAt = now() + options.mediaProcessingMs;
    } else {
      media.state = 'succeeded';
    }
    return undefined;
  };

  const describe = (media: SandboxMedia) => {
    const data: Record<string, unknown> = {
      id: media.id,
      media_key: media.mediaKey,
      size: media.totalBytes,
      expires_after_secs: Math.max(0, Math.round((media.expiresAt - now()) / 1000)),
    };
    if (isImageCategory(media.category)) data.image = { image_type: media.mimeType };
    if (needsProcessing(media.category)) data.processing_info = processingInfo(media, now());
    return { data };
  };

  app.post('/2/media/upload', async (request, reply) => {
    const { user } = apiContextOf(request);
    const { fields, bytes } = await readMediaPayload(request);
    const category = String(fields.media_category) as MediaCategory;
    if (!bytes || bytes.length === 0) return invalid(reply, '$.media', 'the file is empty');
    if (!isImageCategory(category) && !category.endsWith('gif')) {
      return invalid(reply, '$.media_category', 'videos go through the chunked upload (initialize, append, finalize)');
    }
    const media = newMedia(user.id, category, 'application/octet-stream', bytes.length);
    const problem = complete(media, bytes);
    if (problem) return invalid(reply, '$.media', problem);
    state.addMedia(media);
    return describe(media);
  });

  app.post('/2/media/upload/initialize', async (request, reply) => {
    const { user } = apiContextOf(request);
    const body = request.body as { media_type?: string; total_bytes?: number; media_category?: MediaCategory };
    if (!body.media_type) return invalid(reply, '$.media_type', 'is required');
    if (body.total_bytes === undefined) return invalid(reply, '$.total_bytes', 'is required');
    const category = body.media_category ?? (body.media_type.startsWith('image/') ? 'tweet_image' : 'tweet_video');
    if (body.total_bytes > sizeLimitFor(category)) {
      return invalid(reply, '$.total_bytes', `${category} takes up to ${sizeLimitFor(category)} bytes`);
    }
    const media = newMedia(user.id, category, body.media_type, body.total_bytes);
    state.addMedia(media);
    return { data: { id: media.id, media_key: media.mediaKey, expires_after_secs: MEDIA_EXPIRY_SECONDS } };
  });

  app.post<{ Params: { id: string } }>('/2/media/upload/:id/append', async (request, reply) => {
    const media = ownedMedia(request, reply, request.params.id);
    if (!media) return reply;
    if (media.state !== 'uploading') return invalid(reply, 'id', 'this upload is already finalized');
    const { fields, bytes } = await readMediaPayload(request);
    if (!bytes || bytes.length === 0) return invalid(reply, '$.media', 'the segment is empty');
    const index = Number(fields.segment_index);
    media.segments.set(index, bytes);
    const received = [...media.segments.values()].reduce((total, segment) => total + segment.length, 0);
    if (received > media.totalBytes) {
      media.segments.delete(index);
      return invalid(reply, '$.media', `segments add up to more than the declared total_bytes (${media.totalBytes})`);
    }
    state.mediaChanged();
    return { data: { expires_at: Math.floor(media.expiresAt / 1000) } };
  });

  app.post<{ Params: { id: string } }>('/2/media/upload/:id/finalize', async (request, reply) => {
    const media = ownedMedia(request, reply, request.params.id);
    if (!media) return reply;
    if (media.state !== 'uploading') return describe(media);
    const indexes = [...media.segments.keys()].sort((a, b) => a - b);
    if (indexes.some((segmentIndex, position) => segmentIndex !== position)) {
      return invalid(reply, 'id', `segments must be numbered 0 to n-1 without gaps (got ${indexes.join(', ')})`);
    }
    const bytes = Buffer.concat(indexes.map((segmentIndex) => media.segments.get(segmentIndex) ?? Buffer.alloc(0)));
    if (bytes.length !== media.totalBytes) {
      return invalid(reply, 'id', `received ${bytes.length} bytes but total_bytes declared ${media.totalBytes}`);
    }
    const problem = complete(media, bytes);
    if (problem) {
      media.state = 'failed';
      media.failureReason = problem;
      state.mediaChanged();
      return invalid(reply, '$.media', problem);
    }
    state.mediaChanged();
    return describe(media);
  });

  app.get('/2/media/upload', async (request, reply) => {
    const query = request.query as { media_id: string };
    const media = ownedMedia(request, reply, query.media_id);
    if (!media) return reply;
    return { data: { id: media.id, media_key: media.mediaKey, processing_info: processingInfo(media, now()) } };
  });

  app.post('/2/media/metadata', async (request, reply) => {
    const body = request.body as { id: string; metadata?: { alt_text?: { text: string } } };
    const media = ownedMedia(request, reply, body.id);
    if (!media) return reply;
    const altText = body.metadata?.alt_text?.text;
    if (altText !== undefined) {
      media.altText = altText;
      state.mediaChanged();
    }
    return { data: { id: media.id, associated_metadata: body.metadata ?? {} } };
  });
}
