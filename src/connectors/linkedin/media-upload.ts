import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishMedia } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './credentials.js';
import { callLinkedIn, type LinkedInTransport, uploadTo, urnPath } from './rest-client.js';

/** How long to wait for LinkedIn to process a video, and how often to look. */
export interface VideoWait {
  pollIntervalMs: number;
  maxWaitMs: number;
}

export const DEFAULT_VIDEO_WAIT: VideoWait = { pollIntervalMs: 3000, maxWaitMs: 10 * 60_000 };

type Run = <T>(call: (accessToken: string) => Promise<T>) => Promise<T>;

/** An image: `initializeUpload`, then the bytes streamed to the upload URL (linkedin.md, Publish). */
export async function uploadImage(
  transport: LinkedInTransport,
  run: Run,
  owner: string,
  image: PublishMedia,
  position: number,
): Promise<string> {
  const action = `uploading image ${position}`;
  const init = await run((accessToken) =>
    callLinkedIn(transport, {
      method: 'POST',
      path: '/rest/images',
      query: { action: 'initializeUpload' },
      accessToken,
      json: { initializeUploadRequest: { owner } },
      action,
    }),
  );
  const value = init.body?.value as { uploadUrl?: unknown; image?: unknown } | undefined;
  if (typeof value?.uploadUrl !== 'string' || typeof value.image !== 'string') {
    throw new ConnectorError('transient', `${NETWORK_NAME} named no upload URL for image ${position}`);
  }
  const uploadUrl = value.uploadUrl;
  await run((accessToken) =>
    uploadTo(transport, { url: uploadUrl, accessToken, size: image.size, body: image.stream(), action }),
  );
  return value.image;
}

/**
 * A video, in the parts LinkedIn asks for (4 MB each), each streamed from its byte range, then
 * finalized with the parts' ETags and awaited until AVAILABLE. Never waits forever: still processing
 * after the wait is a transient failure; PROCESSING_FAILED is LinkedIn refusing the video.
 */
export async function uploadVideo(
  transport: LinkedInTransport,
  run: Run,
  owner: string,
  video: PublishMedia,
  wait: VideoWait,
): Promise<string> {
  const action = 'uploading the video';
  const init = await run((accessToken) =>
    callLinkedIn(transport, {
      method: 'POST',
      path: '/rest/videos',
      query: { action: 'initializeUpload' },
      accessToken,
      json: {
        initializeUploadRequest: { owner, fileSizeBytes: video.size, uploadCaptions: false, uploadThumbnail: false },
      },
      action,
    }),
  );
  const value = init.body?.value as
    | {
        video?: unknown;
        uploadToken?: unknown;
        uploadInstructions?: Array<{ uploadUrl?: unknown; firstByte?: unknown; lastByte?: unknown }>;
      }
    | undefined;
  const urn = value?.video;
  const instructions = value?.uploadInstructions ?? [];
  if (typeof urn !== 'string' || instructions.length === 0)
    throw new ConnectorError('transient', `${NETWORK_NAME} gave no upload instructions for the video`);
  const etags: string[] = [];
  for (const [index, part] of instructions.entries()) {
    const first = Number(part.firstByte);
    const last = Number(part.lastByte);
    const url = String(part.uploadUrl);
    const answer = await run((accessToken) =>
      uploadTo(transport, {
        url,
        accessToken,
        size: last - first + 1,
        body: video.stream({ start: first, end: last + 1 }),
        action: `uploading part ${index + 1} of the video`,
      }),
    );
    const etag = answer.headers.get('etag');
    if (!etag)
      throw new ConnectorError('transient', `${NETWORK_NAME} did not confirm part ${index + 1} of the video (no ETag)`);
    etags.push(etag);
  }
  await run((accessToken) =>
    callLinkedIn(transport, {
      method: 'POST',
      path: '/rest/videos',
      query: { action: 'finalizeUpload' },
      accessToken,
      json: {
        finalizeUploadRequest: {
          video: urn,
          uploadToken: typeof value?.uploadToken === 'string' ? value.uploadToken : '',
          uploadedPartIds: etags,
        },
      },
      action: 'finishing the video upload',
    }),
  );
  await waitUntilAvailable(transport, run, urn, wait);
  return urn;
}

async function waitUntilAvailable(transport: LinkedInTransport, run: Run, urn: string, wait: VideoWait): Promise<void> {
  const deadline = transport.now() + wait.maxWaitMs;
  for (;;) {
    const answer = await run((accessToken) =>
      callLinkedIn(transport, {
        method: 'GET',
        path: `/rest/videos/${urnPath(urn)}`,
        accessToken,
        action: 'checking the video',
      }),
    );
    const status = String(answer.body?.status ?? 'UNKNOWN');
    if (status === 'AVAILABLE') return;
    if (status === 'PROCESSING_FAILED') {
      const reason =
        typeof answer.body?.processingFailureReason === 'string'
          ? answer.body.processingFailureReason
          : 'no reason given';
      throw new ConnectorError('invalid_content', `${NETWORK_NAME} could not process the video: ${reason}`, {
        networkMessage: reason,
        networkCode: status,
      });
    }
    if (transport.now() + wait.pollIntervalMs > deadline) {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} was still processing the video (${status}) after ${Math.round(wait.maxWaitMs / 1000)} s; nothing was published`,
        {
          networkCode: status,
        },
      );
    }
    await sleep(wait.pollIntervalMs);
  }
}
