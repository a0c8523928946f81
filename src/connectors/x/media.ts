import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishMedia } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { callX, dataField, type XTransport } from './api-client.js';
import { NETWORK_NAME } from './errors.js';

/** How long to wait for X to finish processing a GIF before giving up on this attempt. */
const MAX_PROCESSING_WAIT_MS = 60_000;

/** X's media categories for post images: animated GIFs are their own category. */
function categoryOf(mimeType: string): 'tweet_image' | 'tweet_gif' {
  return mimeType === 'image/gif' ? 'tweet_gif' : 'tweet_image';
}

interface ProcessingInfo {
  state?: string;
  check_after_secs?: number;
  error?: { message?: string };
}

function processingInfoOf(body: unknown): ProcessingInfo | undefined {
  const data = (body as { data?: { processing_info?: ProcessingInfo } } | undefined)?.data;
  return data?.processing_info;
}

/**
 * Uploads one image with the single-request endpoint (`POST /2/media/upload`, multipart), which X
 * offers for images, and waits for processing when X says there is some (animated GIFs).
 * Returns the media id.
 */
export async function uploadImage(
  transport: XTransport,
  accessToken: string,
  media: PublishMedia,
  bytes: Uint8Array,
  position: number,
): Promise<string> {
  const action = `uploading image ${position}`;
  const form = new FormData();
  // A copy into a fresh ArrayBuffer, which is what Blob takes.
  form.append('media', new Blob([new Uint8Array(bytes)], { type: media.mimeType }), media.fileName);
  form.append('media_category', categoryOf(media.mimeType));
  const answer = await callX(transport, { method: 'POST', path: '/2/media/upload', accessToken, form, action });
  const mediaId = dataField(answer.body, 'id');
  if (!mediaId) {
    throw new ConnectorError('transient', `${NETWORK_NAME} accepted image ${position} but named no media id`, {
      status: answer.status,
    });
  }
  await waitForProcessing(transport, accessToken, mediaId, processingInfoOf(answer.body), action);
  return mediaId;
}

async function waitForProcessing(
  transport: XTransport,
  accessToken: string,
  mediaId: string,
  initial: ProcessingInfo | undefined,
  action: string,
): Promise<void> {
  let info = initial;
  const deadline = transport.now() + MAX_PROCESSING_WAIT_MS;
  while (info && (info.state === 'pending' || info.state === 'in_progress')) {
    if (transport.now() >= deadline) {
      throw new ConnectorError('transient', `${NETWORK_NAME} is still processing the media after ${action}`, {
        networkMessage: info.state,
      });
    }
    await sleep(Math.max(1, info.check_after_secs ?? 1) * 1000);
    const status = await callX(transport, {
      method: 'GET',
      path: '/2/media/upload',
      query: { command: 'STATUS', media_id: mediaId },
      accessToken,
      action,
    });
    info = processingInfoOf(status.body);
  }
  if (info?.state === 'failed') {
    throw new ConnectorError('invalid_content', `${NETWORK_NAME} could not process the media while ${action}`, {
      networkMessage: info.error?.message ?? 'processing failed',
    });
  }
}

/** Sets an image's alt text (`POST /2/media/metadata`). */
export async function setAltText(
  transport: XTransport,
  accessToken: string,
  mediaId: string,
  altText: string,
  position: number,
): Promise<void> {
  await callX(transport, {
    method: 'POST',
    path: '/2/media/metadata',
    accessToken,
    json: { id: mediaId, metadata: { alt_text: { text: altText } } },
    action: `setting the alt text of image ${position}`,
  });
}
