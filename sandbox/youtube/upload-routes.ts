import { open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiContextOf, pathOf } from './api-pipeline.js';
import type { YouTubeFaults } from './faults.js';
import { googleErrors, sendGoogleError } from './google-errors.js';
import type { Links } from './resources.js';
import { videoResource } from './resources.js';
import { randomId, type SandboxVideo, type UploadSession, type YouTubeSandboxState } from './state.js';
import { readVideoMetadata } from './video-metadata.js';

export interface UploadRouteOptions {
  state: YouTubeSandboxState;
  faults: YouTubeFaults;
  /** Folder for upload sessions, finished videos and thumbnails. */
  mediaDir: string;
  processingMs: number;
  links: (request: FastifyRequest) => Links;
  now: () => number;
}

/** Google requires every chunk but the last to be a multiple of 256 KiB. */
export const CHUNK_GRANULARITY = 256 * 1024;
const SESSION_TTL_MS = 7 * 24 * 3600_000;
const VIDEO_PATHS = ['/upload/youtube/v3/videos', '/resumable/upload/youtube/v3/videos'];
const THUMBNAIL_PATHS = ['/upload/youtube/v3/thumbnails/set', '/resumable/upload/youtube/v3/thumbnails/set'];

type ContentRange =
  | { kind: 'query'; total: number | undefined }
  | { kind: 'chunk'; first: number; last: number; total: number | undefined };

/**
 * The resumable upload protocol of `videos.insert`: a POST with the metadata opens a session (its URI
 * in `Location`); PUTs with `Content-Range` carry the bytes, answered `308 Resume Incomplete` with a
 * `Range` header until the last byte, then `200` with the video. `Content-Range: bytes *\/total` asks
 * how far the upload got. Bytes go straight to disk, so a 4 GB upload costs no memory.
 */
export function registerUploadRoutes(app: FastifyInstance, options: UploadRouteOptions): void {
  const { state, now } = options;

  for (const route of VIDEO_PATHS) {
    app.post(route, async (request, reply) => {
      const { channel, grant } = apiContextOf(request);
      const query = request.query as Record<string, string | undefined>;
      if (query.uploadType !== 'resumable') {
        return sendGoogleError(
          reply,
          googleErrors.badRequest('The sandbox takes videos through uploadType=resumable only.'),
        );
      }
      const declared = request.headers['x-upload-content-length'];
      const totalBytes = declared === undefined ? undefined : Number(declared);
      if (totalBytes !== undefined && (!Number.isInteger(totalBytes) || totalBytes <= 0)) {
        return sendGoogleError(reply, googleErrors.badRequest('X-Upload-Content-Length must be a positive integer.'));
      }
      const contentType = String(request.headers['x-upload-content-type'] ?? 'application/octet-stream');
      if (!contentType.startsWith('video/') && contentType !== 'application/octet-stream') {
        return sendGoogleError(
          reply,
          googleErrors.badRequest(
            `Media type '${contentType}' is not supported. Valid media types: [video/*, application/octet-stream]`,
          ),
        );
      }
      const parts = (query.part ?? '').split(',').map((part) => part.trim());
      const metadata = readVideoMetadata(request.body, parts, now(), 'unknown');
      if ('code' in metadata) return sendGoogleError(reply, metadata);

      const id = randomId(32);
      const file = path.join(options.mediaDir, `upload-${id}.part`);
      await writeFile(file, new Uint8Array());
      const session: UploadSession = {
        ...metadata,
        id,
        clientId: grant.clientId,
        channelId: channel.id,
        parts,
        totalBytes: totalBytes ?? -1,
        contentType,
        received: 0,
        file,
        expiresAt: now() + SESSION_TTL_MS,
        videoId: undefined,
      };
      state.sessions.set(id, session);
      state.changed();
      const location = new URL(`${options.links(request).baseUrl}${pathOf(request.url)}`);
      location.searchParams.set('uploadType', 'resumable');
      location.searchParams.set('upload_id', id);
      location.searchParams.set('part', parts.join(','));
      return reply.header('location', location.toString()).header('x-guploader-uploadid', id).send();
    });

    app.put(route, async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const session = query.upload_id ? state.sessions.get(query.upload_id) : undefined;
      if (!session || session.expiresAt <= now()) {
        drain(request.body);
        return sendGoogleError(
          reply,
          googleErrors.notFound('global', 'notFound', 'The upload session was not found or has expired.'),
        );
      }
      const range = parseContentRange(request.headers['content-range'], Number(request.headers['content-length'] ?? 0));
      if (!range) {
        drain(request.body);
        return sendGoogleError(reply, googleErrors.badRequest('Failed to parse Content-Range header.'));
      }
      if (range.total !== undefined) {
        if (session.totalBytes >= 0 && range.total !== session.totalBytes) {
          drain(request.body);
          return sendGoogleError(
            reply,
            googleErrors.badRequest(`The upload is ${session.totalBytes} bytes, not ${range.total}.`),
          );
        }
        session.totalBytes = range.total;
      }
      if (session.videoId || range.kind === 'query') {
        drain(request.body);
        return answerProgress(reply, session, request);
      }
      const length = range.last - range.first + 1;
      const isLast = session.totalBytes >= 0 && range.last + 1 === session.totalBytes;
      const problem =
        range.first > session.received
          ? `The chunk starts at byte ${range.first} but only ${session.received} bytes have arrived.`
          : !isLast && length % CHUNK_GRANULARITY !== 0
            ? `Every chunk but the last must be a multiple of ${CHUNK_GRANULARITY} bytes; this one is ${length}.`
            : session.totalBytes >= 0 && range.last >= session.totalBytes
              ? 'The chunk runs past the end of the upload.'
              : undefined;
      if (problem) {
        drain(request.body);
        return sendGoogleError(reply, googleErrors.badRequest(problem));
      }

      const cutAfter = options.faults.takeInterruption();
      // Held now: once the body stream is abandoned mid-way, the request no longer points at its socket.
      const socket = request.raw.socket;
      const arrived = await writeChunk(session.file, range.first, request.body as Readable | undefined, {
        keep: cutAfter ?? length,
        stopAtKeep: cutAfter !== undefined,
      });
      const written = Math.min(arrived, length);
      session.received = range.first + written;
      state.changed();
      if (cutAfter !== undefined) {
        // The connection drops mid-chunk: no answer at all, the bytes so far are kept.
        reply.hijack();
        socket.destroy();
        return reply;
      }
      if (arrived !== length) {
        return sendGoogleError(
          reply,
          googleErrors.badRequest(`Content-Range says ${length} bytes; ${arrived} arrived.`),
        );
      }
      if (session.received === session.totalBytes) await completeUpload(session);
      return answerProgress(reply, session, request);
    });
  }

  for (const route of THUMBNAIL_PATHS) {
    app.post(route, async (request, reply) => {
      const { channel, method } = apiContextOf(request);
      const videoId = (request.query as Record<string, string | undefined>).videoId ?? '';
      const video = state.videos.get(videoId);
      if (!video) {
        drain(request.body);
        return sendGoogleError(
          reply,
          googleErrors.notFound(
            'youtube.thumbnail',
            'videoNotFound',
            'The video that you are trying to insert a thumbnail image for cannot be found.',
          ),
        );
      }
      if (video.channelId !== channel.id) {
        drain(request.body);
        return sendGoogleError(
          reply,
          googleErrors.forbidden(
            'The authenticated user does not have permissions to upload and set custom video thumbnails.',
          ),
        );
      }
      const mimeType =
        String(request.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim() ?? '';
      const maxBytes = method.media?.maxBytes ?? 2 * 1024 * 1024;
      if (!method.media?.accept.includes(mimeType)) {
        drain(request.body);
        return sendGoogleError(
          reply,
          googleErrors.videoMetadata('invalidImage', `Media type '${mimeType}' is not supported for thumbnails.`),
        );
      }
      const file = path.join(options.mediaDir, `thumbnail-${video.id}`);
      const size = await writeChunk(file, 0, request.body as Readable | undefined, { keep: maxBytes, truncate: true });
      if (size === 0 || size > maxBytes) {
        await rm(file, { force: true });
        return sendGoogleError(
          reply,
          googleErrors.videoMetadata(
            'invalidImage',
            size === 0 ? 'The thumbnail is empty.' : `The thumbnail is larger than ${maxBytes} bytes.`,
          ),
        );
      }
      video.thumbnail = { path: file, mimeType, size };
      state.changed();
      const thumbnails = videoResource(state, video, ['snippet'], options.links(request), now()).snippet as {
        thumbnails: unknown;
      };
      return reply.send({ kind: 'youtube#thumbnailSetResponse', etag: randomId(27), items: [thumbnails.thumbnails] });
    });
  }

  async function completeUpload(session: UploadSession): Promise<void> {
    const videoId = randomId(11);
    const file = path.join(options.mediaDir, `video-${videoId}`);
    await rename(session.file, file);
    const video: SandboxVideo = {
      id: videoId,
      channelId: session.channelId,
      clientId: session.clientId,
      snippet: session.snippet,
      status: session.status,
      file: { path: file, mimeType: session.contentType, size: session.totalBytes },
      thumbnail: undefined,
      uploadedAt: now(),
      processedAt: now() + options.processingMs,
      failureReason: options.faults.takeProcessingFailure(),
      statistics: { viewCount: 0, likeCount: 0, favoriteCount: 0 },
    };
    session.videoId = videoId;
    session.file = file;
    state.addVideo(video);
  }

  function answerProgress(reply: FastifyReply, session: UploadSession, request: FastifyRequest) {
    const video = session.videoId ? state.videos.get(session.videoId) : undefined;
    if (video) return reply.code(200).send(videoResource(state, video, session.parts, options.links(request), now()));
    if (session.received > 0) reply.header('range', `bytes=0-${session.received - 1}`);
    return reply.code(308).header('content-length', '0').send();
  }
}

function parseContentRange(header: string | undefined, contentLength: number): ContentRange | undefined {
  if (header === undefined) {
    // A PUT without Content-Range sends the whole file at once.
    return contentLength > 0 ? { kind: 'chunk', first: 0, last: contentLength - 1, total: contentLength } : undefined;
  }
  const query = /^bytes \*\/(\d+|\*)$/.exec(header.trim());
  if (query) return { kind: 'query', total: query[1] === '*' ? undefined : Number(query[1]) };
  const chunk = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
  if (!chunk) return undefined;
  const first = Number(chunk[1]);
  const last = Number(chunk[2]);
  if (last < first) return undefined;
  return { kind: 'chunk', first, last, total: chunk[3] === '*' ? undefined : Number(chunk[3]) };
}

interface WriteLimits {
  /** Bytes kept; anything beyond is read and dropped. */
  keep: number;
  /** Stop reading once `keep` bytes are in (the connection is about to be cut). */
  stopAtKeep?: boolean;
  /** Start a new file instead of writing into an existing one. */
  truncate?: boolean;
}

/**
 * Writes a request body into a file from `position`. Returns the bytes that arrived (kept or not); a
 * body cut short by the client returns what arrived before the cut.
 */
async function writeChunk(file: string, position: number, body: Readable | undefined, limits: WriteLimits) {
  const handle = await open(file, limits.truncate ? 'w' : 'r+');
  let arrived = 0;
  try {
    if (!body) return 0;
    try {
      for await (const piece of body as AsyncIterable<Buffer>) {
        const room = Math.max(0, Math.min(piece.length, limits.keep - arrived));
        if (room > 0) await handle.write(piece, 0, room, position + arrived);
        arrived += piece.length;
        if (limits.stopAtKeep && arrived >= limits.keep) return limits.keep;
      }
    } catch (error) {
      // The client went away mid-chunk; keep what arrived, as Google's upload servers do.
      if (!isAbort(error)) throw error;
    }
    return Math.min(arrived, limits.stopAtKeep ? limits.keep : arrived);
  } finally {
    await handle.close();
  }
}

function isAbort(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error).message === 'aborted';
}

function drain(body: unknown): void {
  (body as Readable | undefined)?.resume?.();
}
