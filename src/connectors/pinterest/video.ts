import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishMedia } from '../kit/connector.js';
import { ConnectorError, classifyFetchFailure } from '../kit/errors.js';
import { streamedForm } from '../kit/streamed-form.js';
import { sendStreamed } from '../kit/streamed-upload.js';
import { callPinterest, type PinterestTransport } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import type { SessionTokens } from './session-tokens.js';

export interface VideoUploadOptions {
  /** How long Pinterest may take to process the video before this attempt gives up. */
  processingTimeoutMs: number;
  pollIntervalMs: number;
}

interface Registration {
  media_id?: string;
  upload_url?: string;
  upload_parameters?: Record<string, string>;
}

/**
 * Pinterest's video flow: register (POST /media), upload to the storage URL it returns with every
 * `upload_parameters` field and then the file (streamed, never held whole), and poll GET /media/{id}
 * until `succeeded`. Returns the media id for the pin's `video_id` source. Nothing here publishes.
 */
export async function uploadVideo(
  transport: PinterestTransport,
  tokens: SessionTokens,
  media: PublishMedia,
  options: VideoUploadOptions,
): Promise<string> {
  const registration = (await tokens.run((accessToken) =>
    callPinterest(transport, {
      method: 'POST',
      path: '/media',
      accessToken,
      json: { media_type: 'video' },
      action: 'registering the video upload',
    }),
  )) as Registration;
  if (!registration.media_id || !registration.upload_url) {
    throw new ConnectorError('transient', `${NETWORK_NAME} registered the video without an upload address`);
  }
  const form = streamedForm(registration.upload_parameters ?? {}, [
    {
      name: 'file',
      fileName: media.fileName,
      mimeType: media.mimeType,
      size: media.size,
      stream: () => media.stream(),
    },
  ]);
  let answer: Awaited<ReturnType<typeof sendStreamed>>;
  try {
    answer = await sendStreamed(registration.upload_url, {
      method: 'POST',
      headers: { 'content-type': form.contentType, 'content-length': String(form.contentLength) },
      body: form.body,
      // An upload of up to 2 GB takes longer than an API call; the processing deadline bounds it.
      signal: AbortSignal.timeout(Math.max(transport.timeoutMs, options.processingTimeoutMs)),
    });
  } catch (error) {
    const failure = classifyFetchFailure(error, NETWORK_NAME);
    throw new ConnectorError(
      'transient',
      `${NETWORK_NAME}'s upload storage did not take the video; nothing was published`,
      {
        networkMessage: failure.networkMessage,
        cause: error,
      },
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new ConnectorError(
      answer.status >= 500 ? 'transient' : 'invalid_content',
      `${NETWORK_NAME}'s upload storage refused the video (${answer.status})`,
      {
        status: answer.status,
        networkMessage: answer.text.slice(0, 300),
      },
    );
  }
  await waitForProcessing(transport, tokens, registration.media_id, options);
  return registration.media_id;
}

async function waitForProcessing(
  transport: PinterestTransport,
  tokens: SessionTokens,
  mediaId: string,
  options: VideoUploadOptions,
): Promise<void> {
  const deadline = transport.now() + options.processingTimeoutMs;
  for (;;) {
    const status = (await tokens.run((accessToken) =>
      callPinterest(transport, {
        method: 'GET',
        path: `/media/${mediaId}`,
        accessToken,
        action: 'checking the video processing',
      }),
    )) as { status?: string };
    if (status.status === 'succeeded') return;
    if (status.status === 'failed') {
      throw new ConnectorError('invalid_content', `${NETWORK_NAME} could not process the video`, {
        networkMessage: 'media upload status: failed',
      });
    }
    if (transport.now() >= deadline) {
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} was still processing the video after ${Math.round(options.processingTimeoutMs / 1000)} s; nothing was published`,
        { networkMessage: status.status },
      );
    }
    await sleep(options.pollIntervalMs);
  }
}
