import type { AccountSession, PublishMedia, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { beforePublishing, callPinterest, type PinterestTransport } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import type { PinterestOAuth } from './oauth.js';
import { BOARD_OPTION } from './pin-options.js';
import { SessionTokens } from './session-tokens.js';
import { uploadVideo, type VideoUploadOptions } from './video.js';

export interface PublishDependencies {
  transport: PinterestTransport;
  oauth: PinterestOAuth;
  webUrl: string;
  video: VideoUploadOptions;
}

/**
 * Creates one Pin on the chosen board. Images travel inline as base64 (Pinterest takes JPEG and PNG
 * so; Crier has no public URL to offer instead); a video is uploaded and processed first. The
 * POST /pins call is made once and never repeated: Pinterest has no idempotency key.
 */
export async function publishPin(
  deps: PublishDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const { transport } = deps;
  const tokens = new SessionTokens(session, deps.oauth, deps.webUrl, transport.now);
  const boardId = String(request.options?.[BOARD_OPTION] ?? '');
  const first = request.media[0];
  if (!first) throw new ConnectorError('invalid_content', `A ${NETWORK_NAME} Pin needs an image or a video`);

  const mediaSource = await beforePublishing(async () => {
    if (first.kind === 'video') {
      const mediaId = await uploadVideo(transport, tokens, first, deps.video);
      return { source_type: 'video_id', media_id: mediaId, cover_image_key_frame_time: 0 };
    }
    if (request.media.length === 1) return { source_type: 'image_base64', ...(await inlineImage(first)) };
    return {
      source_type: 'multiple_image_base64',
      items: await Promise.all(
        request.media.map(async (media) => ({
          ...(await inlineImage(media)),
          ...(request.link ? { link: request.link } : {}),
        })),
      ),
    };
  });

  const body: Record<string, unknown> = { board_id: boardId, media_source: mediaSource };
  if (request.title) body.title = request.title;
  if (request.text) body.description = request.text;
  if (request.link) body.link = request.link;
  const altText = first.altText.trim();
  if (altText) body.alt_text = altText;
  const pin = (await tokens.run((accessToken) =>
    callPinterest(transport, { method: 'POST', path: '/pins', accessToken, json: body, action: 'creating the Pin' }),
  )) as { id?: unknown };
  if (typeof pin?.id !== 'string') {
    throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} accepted the Pin but its answer named no Pin id`, {
      networkMessage: JSON.stringify(pin)?.slice(0, 500),
    });
  }
  return { remoteId: pin.id, permalink: `${deps.webUrl}/pin/${pin.id}/` };
}

async function inlineImage(media: PublishMedia): Promise<{ content_type: string; data: string }> {
  return { content_type: media.mimeType, data: Buffer.from(await media.read()).toString('base64') };
}
