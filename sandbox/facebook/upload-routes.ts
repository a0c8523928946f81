import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphErrors, sendGraphError } from './graph-errors.js';
import type { GraphState, TokenGrant } from './state.js';

export interface UploadRouteOptions {
  state: GraphState;
  version: string;
  /** Processing time of an Instagram video once all its bytes are in. */
  containerProcessingMs: number;
  now: () => number;
}

/**
 * rupload.facebook.com: the byte uploads of Facebook reels (`/video-upload/{v}/{video-id}`) and of
 * Instagram resumable containers (`/ig-api-upload/{v}/{container-id}`). The client sends
 * `Authorization: OAuth <token>`, `offset` and `file_size`, and the bytes as the body; the emulator
 * counts them as they stream and keeps none.
 */
export function registerUploadRoutes(app: FastifyInstance, options: UploadRouteOptions): void {
  const { state, version, now } = options;
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.post(`/video-upload/${version}/:id`, async (request, reply) => {
    const grant = authorize(request, reply, state, now());
    if (!grant) return reply;
    const video = state.videos.get((request.params as { id: string }).id);
    if (!video || grant.pageId !== video.pageId)
      return processingFailed(reply, 404, 'No reel upload with this id for this Page');
    const size = readSizes(request);
    if (!size || size.offset !== video.receivedBytes)
      return processingFailed(reply, 400, `Expected offset ${video.receivedBytes} and a file_size header`);
    video.fileSize = size.fileSize;
    video.receivedBytes += await countBytes(request.body);
    if (video.receivedBytes > size.fileSize) return processingFailed(reply, 400, 'More bytes than file_size');
    if (video.receivedBytes === size.fileSize) video.phase = 'uploaded';
    state.changed();
    return reply.send({ success: true });
  });

  app.post(`/ig-api-upload/${version}/:id`, async (request, reply) => {
    const grant = authorize(request, reply, state, now());
    if (!grant) return reply;
    const container = state.containers.get((request.params as { id: string }).id);
    const owner = container && state.instagram.get(container.igUserId);
    if (!container?.resumable || owner?.pageId === undefined || !grant.pageIds.includes(owner.pageId)) {
      return processingFailed(reply, 404, 'No resumable container with this id for this account');
    }
    const size = readSizes(request);
    if (!size || size.offset !== container.receivedBytes)
      return processingFailed(reply, 400, `Expected offset ${container.receivedBytes} and a file_size header`);
    container.fileSize = size.fileSize;
    container.receivedBytes += await countBytes(request.body);
    if (container.receivedBytes === size.fileSize) container.readyAt = now() + options.containerProcessingMs;
    state.changed();
    return reply.send({ success: true, message: 'Upload successful.' });
  });
}

function authorize(
  request: FastifyRequest,
  reply: FastifyReply,
  state: GraphState,
  now: number,
): TokenGrant | undefined {
  const token = /^OAuth\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const grant = token ? state.tokens.get(token) : undefined;
  if (!token) sendGraphError(reply, graphErrors.tokenRequired());
  else if (!grant) sendGraphError(reply, graphErrors.tokenUnreadable());
  else if (grant.invalidated) sendGraphError(reply, graphErrors.tokenInvalidated(grant.invalidated));
  else if (grant.expiresAt !== undefined && grant.expiresAt <= now)
    sendGraphError(reply, graphErrors.tokenExpired(grant.expiresAt));
  else return grant;
  return undefined;
}

function readSizes(request: FastifyRequest): { offset: number; fileSize: number } | undefined {
  const offset = Number(request.headers.offset ?? 0);
  const fileSize = Number(request.headers.file_size);
  if (!Number.isInteger(offset) || !Number.isInteger(fileSize) || fileSize <= 0) return undefined;
  return { offset, fileSize };
}

async function countBytes(body: unknown): Promise<number> {
  if (!body || typeof (body as Readable).on !== 'function') return 0;
  let total = 0;
  for await (const chunk of body as Readable) total += (chunk as Buffer).byteLength;
  return total;
}

/** rupload answers its own failures with `debug_info`, not the Graph envelope. */
function processingFailed(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ debug_info: { retriable: false, type: 'ProcessingFailedError', message } });
}
