import { Readable } from 'node:stream';
import type { PublishMedia } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure } from '../kit/errors.js';
import { parseBody } from './api-client.js';
import { errorFromAnswer, NETWORK_NAME } from './errors.js';

const MiB = 1024 * 1024;
/** Media transfer guide: 5–64 MB chunks, the last up to 128 MB, at most 1,000; under 5 MB in one piece. */
export const CHUNK_LIMITS = { min: 5 * MiB, max: 64 * MiB, maxCount: 1000 };
/** Ten mebibytes: few requests, and a lost chunk costs little to send again. */
export const DEFAULT_CHUNK_BYTES = 10 * MiB;

export interface ChunkPlan {
  chunkSize: number;
  totalChunkCount: number;
}

/**
 * Splits a video the way TikTok counts: `total_chunk_count = floor(size / chunk_size)`, the trailing
 * bytes riding on the last chunk (so it may exceed `chunk_size`).
 */
export function planChunks(size: number, preferred: number): ChunkPlan {
  if (size < CHUNK_LIMITS.min) return { chunkSize: size, totalChunkCount: 1 };
  let chunkSize = Math.min(CHUNK_LIMITS.max, Math.max(CHUNK_LIMITS.min, preferred), size);
  if (Math.floor(size / chunkSize) > CHUNK_LIMITS.maxCount) chunkSize = Math.ceil(size / CHUNK_LIMITS.maxCount);
  return { chunkSize, totalChunkCount: Math.floor(size / chunkSize) };
}

export interface ChunkOptions {
  chunkTimeoutMs: number;
  /** Tries per chunk before the upload is given up. */
  attempts: number;
}

/**
 * Sends the chunks in order, each streamed from the file by byte range. When a chunk gets no answer
 * or a 5xx, TikTok is asked how many bytes it holds (`uploadedBytes`): a chunk that landed is not
 * sent again (TikTok would refuse it as out of order); one that did not is sent again. Nothing is
 * posted until the last chunk is in. Returns `sent` once TikTok holds every byte, `unconfirmed` when
 * the last chunk's fate could not be learnt (only the post's status can tell).
 */
export async function uploadChunks(
  fetcher: typeof fetch,
  uploadUrl: string,
  media: PublishMedia,
  plan: ChunkPlan,
  options: ChunkOptions,
  uploadedBytes: () => Promise<number | undefined>,
  now: () => number,
): Promise<'sent' | 'unconfirmed'> {
  for (let index = 0; index < plan.totalChunkCount; index += 1) {
    const start = index * plan.chunkSize;
    const last = index === plan.totalChunkCount - 1;
    const end = last ? media.size : start + plan.chunkSize;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await putChunk(fetcher, uploadUrl, media, start, end, options.chunkTimeoutMs, now);
      if (outcome === 'accepted') break;
      const held = await uploadedBytes();
      if (held !== undefined && held >= end) break;
      if (attempt < options.attempts) continue;
      if (last && held === undefined) return 'unconfirmed';
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} did not take part ${index + 1} of ${plan.totalChunkCount} of the video after ${attempt} tries; nothing was published`,
        { networkMessage: outcome.networkMessage, status: outcome.status, cause: outcome },
      );
    }
  }
  return 'sent';
}

async function putChunk(
  fetcher: typeof fetch,
  uploadUrl: string,
  media: PublishMedia,
  start: number,
  end: number,
  timeoutMs: number,
  now: () => number,
): Promise<'accepted' | ConnectorError> {
  const source = media.stream({ start, end });
  const readable = source instanceof Readable ? source : Readable.from(source);
  try {
    const response = await fetcher(uploadUrl, {
      method: 'PUT',
      headers: {
        'content-type': media.mimeType,
        'content-length': String(end - start),
        'content-range': `bytes ${start}-${end - 1}/${media.size}`,
      },
      body: Readable.toWeb(readable) as ReadableStream<Uint8Array>,
      duplex: 'half',
      signal: AbortSignal.timeout(timeoutMs),
    } as RequestInit);
    if (response.status === 201 || response.status === 206 || response.status === 200) {
      await response.body?.cancel();
      return 'accepted';
    }
    const refused = errorFromAnswer(
      {
        status: response.status,
        headers: response.headers,
        body: parseBody(await response.text()),
        action: 'uploading the video',
      },
      now(),
    );
    // A refused chunk (wrong range, wrong type) will be refused again: stop here, nothing was posted.
    if (response.status < 500) throw refused;
    return refused;
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    return classifyFetchFailure(error, NETWORK_NAME);
  } finally {
    readable.destroy();
  }
}
