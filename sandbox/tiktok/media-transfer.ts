import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { finishReceiving, type TikTokFaults } from './processing.js';
import { randomToken, type SandboxPost, type TikTokSandboxState } from './state.js';
import { sendTikTokError } from './tiktok-errors.js';

export interface MediaTransferOptions {
  state: TikTokSandboxState;
  faults: TikTokFaults;
  mediaDir: string;
  now: () => number;
}

const VIDEO_TYPES = new Set(['video/mp4', 'video/quicktime', 'video/webm']);
/** JPEG and WebP only: TikTok refuses PNG photos (3P). */
const PHOTO_MAGIC = [
  (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8,
  (bytes: Buffer) =>
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
];
const MAX_PULL_BYTES = 4 * 1024 ** 3;

/**
 * `PUT {upload_url}` once per chunk, in order, with `Content-Range: bytes first-last/total`: `206` for
 * each chunk, `201` once the last is in. Bytes stream to disk.
 */
export function registerUploadRoutes(app: FastifyInstance, options: MediaTransferOptions): void {
  const { state } = options;

  app.put('/upload/video/', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const post = query.upload_id ? state.posts.get(query.upload_id) : undefined;
    const body = request.body as Readable | undefined;
    const refuse = (status: number, code: string, message: string) => {
      body?.resume();
      return sendTikTokError(reply, status, code, message);
    };
    if (post?.source !== 'FILE_UPLOAD' || post.uploadToken !== query.upload_token) {
      return refuse(404, 'invalid_params', 'The upload URL is unknown or expired.');
    }
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0] ?? '';
    if (!VIDEO_TYPES.has(contentType))
      return refuse(
        400,
        'invalid_file_upload',
        `Content-Type ${contentType || '(none)'} is not a video type TikTok takes.`,
      );
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(request.headers['content-range'] ?? ''));
    if (!range) return refuse(400, 'invalid_file_upload', 'Content-Range must be bytes {first}-{last}/{total}.');
    const [first, last, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (post.chunksReceived >= post.totalChunkCount)
      return refuse(400, 'invalid_file_upload', 'Every chunk has already been uploaded.');
    const index = post.chunksReceived;
    const expectedFirst = index * post.chunkSize;
    const expectedLast = index === post.totalChunkCount - 1 ? post.videoSize - 1 : expectedFirst + post.chunkSize - 1;
    if (total !== post.videoSize || first !== expectedFirst || last !== expectedLast) {
      return refuse(
        416,
        'invalid_file_upload',
        `Chunks go in order: expected bytes ${expectedFirst}-${expectedLast}/${post.videoSize}.`,
      );
    }
    const length = last - first + 1;
    const handle = await open(post.file ?? '', 'r+');
    let arrived = 0;
    try {
      for await (const piece of (body ?? []) as AsyncIterable<Buffer>) {
        const room = Math.max(0, Math.min(piece.length, length - arrived));
        if (room > 0) await handle.write(piece, 0, room, first + arrived);
        arrived += piece.length;
      }
    } finally {
      await handle.close();
    }
    if (arrived !== length)
      return sendTikTokError(
        reply,
        400,
        'invalid_file_upload',
        `The chunk has ${arrived} bytes; Content-Range says ${length}.`,
      );
    post.chunksReceived += 1;
    post.uploadedBytes = last + 1;
    state.changed();
    if (post.chunksReceived < post.totalChunkCount) return reply.code(206).send();
    await finishReceiving(post, state, options.faults, options.now());
    return reply.code(201).send();
  });
}

/**
 * PULL_FROM_URL: TikTok fetches the media itself. The emulator does too, in the background, streaming
 * to disk; a URL that does not answer with the right kind of file fails the post (`video_pull_failed`,
 * `photo_pull_failed`, `file_format_check_failed`).
 */
export function pullMedia(post: SandboxPost, options: MediaTransferOptions): void {
  const urls = post.mediaType === 'PHOTO' ? post.photoUrls : [post.videoUrl ?? ''];
  const pulled = async () => {
    for (const [index, url] of urls.entries()) {
      const file = path.join(options.mediaDir, `pull-${randomToken(10)}-${index}`);
      const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`);
      let bytes = 0;
      const counted = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).on(
        'data',
        (piece: Buffer) => {
          bytes += piece.length;
          if (bytes > MAX_PULL_BYTES) counted.destroy(new Error('too large'));
        },
      );
      await pipeline(counted, createWriteStream(file));
      post.downloadedBytes += bytes;
      if (post.mediaType === 'PHOTO') {
        const head = Buffer.alloc(12);
        const handle = await open(file, 'r');
        await handle.read(head, 0, 12, 0).finally(() => handle.close());
        if (!PHOTO_MAGIC.some((matches) => matches(head))) return 'file_format_check_failed';
      } else {
        post.file = file;
        post.videoSize = bytes;
      }
    }
    return undefined;
  };
  pulled().then(
    async (formatProblem) => {
      await finishReceiving(post, options.state, options.faults, options.now());
      if (formatProblem && !post.failReason) post.failReason = formatProblem;
      options.state.changed();
    },
    () => {
      // The URL did not give the file (no answer, an error status, too large): the post fails the way TikTok reports it.
      post.failReason = post.mediaType === 'PHOTO' ? 'photo_pull_failed' : 'video_pull_failed';
      post.receivedAt = options.now();
      options.state.changed();
    },
  );
}
