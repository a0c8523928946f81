import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishMedia } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from '../kit/errors.js';
import { readBody, type YouTubeTransport } from './api-client.js';
import { errorFromAnswer, NETWORK_NAME } from './errors.js';

/** Google wants every chunk but the last to be a multiple of 256 KiB. */
export const CHUNK_GRANULARITY = 256 * 1024;

export interface UploadOptions {
  /** Bytes per PUT; rounded down to a multiple of 256 KiB. 8 MiB by default. */
  chunkBytes: number;
  /** Time limit of one chunk PUT (a slow link needs more than a metadata call). */
  chunkTimeoutMs: number;
  /** Interruptions survived per upload before giving up; each resumes from what YouTube kept. */
  maxResumes: number;
  /** Wait before asking how far an interrupted upload got; doubles each time. */
  resumeBackoffMs: number;
}

export const DEFAULT_UPLOAD_OPTIONS: UploadOptions = {
  chunkBytes: 8 * 1024 * 1024,
  chunkTimeoutMs: 5 * 60_000,
  maxResumes: 5,
  resumeBackoffMs: 1000,
};

/** The video resource YouTube answers once the last byte is in. */
export interface UploadedVideo {
  id: string;
  [field: string]: unknown;
}

export type PutOutcome =
  | { kind: 'done'; video: UploadedVideo }
  | { kind: 'incomplete'; received: number }
  /** No usable answer (connection cut, timeout, 5xx): ask how far it got. */
  | { kind: 'interrupted'; cause: ConnectorError };

/**
 * Sends a video through a resumable upload session (`Location` of `videos.insert?uploadType=resumable`)
 * in chunks read from the file by byte range, so memory holds one network buffer, never the file.
 * After an interrupted chunk it asks YouTube how far it got (`Content-Range: bytes *\/total`) and goes
 * on from there. The video exists only once the last byte is in: a failure before that published
 * nothing (transient); a final chunk whose answer never came, with no way to ask, is an unknown outcome.
 */
export async function uploadResumable(
  transport: YouTubeTransport,
  sessionUri: string,
  media: PublishMedia,
  options: UploadOptions,
): Promise<UploadedVideo> {
  const total = media.size;
  const chunkBytes = Math.max(CHUNK_GRANULARITY, options.chunkBytes - (options.chunkBytes % CHUNK_GRANULARITY));
  let offset = 0;
  let resumes = 0;
  for (;;) {
    const end = Math.min(total, offset + chunkBytes);
    let outcome = await putChunk(transport, sessionUri, media, offset, end, options.chunkTimeoutMs);
    if (outcome.kind === 'done') return outcome.video;
    if (outcome.kind === 'incomplete' && outcome.received > offset) {
      offset = outcome.received;
      continue;
    }
    if (outcome.kind === 'incomplete') {
      // YouTube kept nothing of the chunk: count it as an interruption, so this cannot loop for ever.
      outcome = {
        kind: 'interrupted',
        cause: new ConnectorError('transient', `${NETWORK_NAME} kept none of the chunk at byte ${offset}`),
      };
    }
    // Interrupted: find out what YouTube kept, as many times as the budget allows.
    let lastFailure = outcome.cause;
    let progress: PutOutcome | undefined;
    while (!progress || progress.kind === 'interrupted') {
      if (resumes >= options.maxResumes) throw givenUp(lastFailure, end === total, resumes);
      resumes += 1;
      await sleep(options.resumeBackoffMs * 2 ** (resumes - 1));
      progress = await queryProgress(transport, sessionUri, total);
      if (progress.kind === 'interrupted') lastFailure = progress.cause;
    }
    if (progress.kind === 'done') return progress.video;
    offset = progress.received;
  }
}

async function putChunk(
  transport: YouTubeTransport,
  sessionUri: string,
  media: PublishMedia,
  start: number,
  end: number,
  timeoutMs: number,
): Promise<PutOutcome> {
  const source = media.stream({ start, end });
  const readable = source instanceof Readable ? source : Readable.from(source);
  try {
    const response = await transport.fetch(sessionUri, {
      method: 'PUT',
      headers: {
        'content-type': media.mimeType,
        'content-length': String(end - start),
        'content-range': `bytes ${start}-${end - 1}/${media.size}`,
      },
      body: Readable.toWeb(readable) as ReadableStream<Uint8Array>,
      duplex: 'half',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    } as RequestInit);
    return await outcomeOf(response, transport, 'uploading the video');
  } catch (error) {
    if (isConnectorError(error)) throw error;
    return { kind: 'interrupted', cause: classifyFetchFailure(error, NETWORK_NAME) };
  } finally {
    // A cut connection leaves the file stream half read; close it.
    readable.destroy();
  }
}

export async function queryProgress(
  transport: YouTubeTransport,
  sessionUri: string,
  total: number,
): Promise<PutOutcome> {
  try {
    const response = await transport.fetch(sessionUri, {
      method: 'PUT',
      headers: { 'content-range': `bytes */${total}`, 'content-length': '0' },
      redirect: 'manual',
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
    return await outcomeOf(response, transport, 'asking how far the upload got');
  } catch (error) {
    if (isConnectorError(error)) throw error;
    return { kind: 'interrupted', cause: classifyFetchFailure(error, NETWORK_NAME) };
  }
}

async function outcomeOf(response: Response, transport: YouTubeTransport, action: string): Promise<PutOutcome> {
  if (response.status === 308) {
    await response.body?.cancel();
    // `Range: bytes=0-N` names the last byte kept; no Range means nothing was kept.
    const last = /bytes=0-(\d+)/.exec(response.headers.get('range') ?? '')?.[1];
    return { kind: 'incomplete', received: last === undefined ? 0 : Number(last) + 1 };
  }
  const body = await readBody(response);
  if (response.status === 200 || response.status === 201) {
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || id === '') {
      throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} finished the upload but named no video`, {
        status: response.status,
        networkMessage: JSON.stringify(body)?.slice(0, 500),
      });
    }
    return { kind: 'done', video: body as UploadedVideo };
  }
  const refused = errorFromAnswer(
    { status: response.status, headers: response.headers, body, action },
    transport.now(),
  );
  if (response.status >= 500) return { kind: 'interrupted', cause: refused };
  if (response.status === 404 || response.status === 410) {
    // The session expired (Google keeps them a week) or is unknown: nothing was published.
    throw new ConnectorError(
      'transient',
      `${NETWORK_NAME} no longer knows the upload session; the upload starts over`,
      {
        status: response.status,
        networkMessage: refused.networkMessage,
      },
    );
  }
  throw refused;
}

/**
 * The upload could not go on. Before the final chunk, nothing was published. If the final chunk went
 * out and neither its answer nor a status query came back, the video may exist.
 */
function givenUp(lastFailure: ConnectorError, finalChunkSent: boolean, resumes: number): ConnectorError {
  const tried = `after ${resumes} attempt${resumes === 1 ? '' : 's'} to resume`;
  if (finalChunkSent) {
    return new ConnectorError(
      'unknown_outcome',
      `${NETWORK_NAME} did not confirm the last part of the upload ${tried}; the video may or may not exist`,
      { networkMessage: lastFailure.networkMessage, status: lastFailure.status, cause: lastFailure },
    );
  }
  return new ConnectorError('transient', `${NETWORK_NAME} upload was interrupted ${tried}; nothing was published`, {
    networkMessage: lastFailure.networkMessage,
    status: lastFailure.status,
    retryAt: lastFailure.retryAt,
    cause: lastFailure,
  });
}
