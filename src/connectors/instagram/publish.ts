import type { AccountSession, PublishMedia, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { FacebookLogin } from '../meta/facebook-login.js';
import { beforePublishing, callGraph, type GraphTransport, stringField, uploadBytes } from '../meta/graph-client.js';
import { PageSession } from '../meta/page-session.js';
import { type ProcessingWait, pollUntilDone } from '../meta/processing.js';

export const NETWORK_NAME = 'Instagram';

export interface InstagramPublishDependencies {
  transport: GraphTransport;
  login: FacebookLogin;
  /** `https://www.instagram.com` live. */
  webUrl: string;
  containerWait: ProcessingWait;
}

interface Target {
  page: PageSession;
  instagramId: string;
  transport: GraphTransport;
}

/**
 * Publishes in Instagram's three steps (instagram.md, "Publish"): create a media container per item
 * (carousel children first, then the CAROUSEL parent), wait until each is FINISHED — with a bounded
 * wait, so a container stuck IN_PROGRESS or in ERROR ends as a clear failure — then `media_publish`.
 * Only that last call can publish; everything before it is safe to retry.
 */
export async function publishToInstagram(
  deps: InstagramPublishDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const page = new PageSession(session, deps.login, NETWORK_NAME);
  const instagramId = page.current.instagramId;
  if (!instagramId)
    throw new ConnectorError(
      'auth',
      'The saved Instagram account names no Instagram professional account; connect it again',
    );
  const target: Target = { page, instagramId, transport: deps.transport };
  if (request.media.length === 0)
    throw new ConnectorError('invalid_content', 'Instagram posts need a photo or a video');

  const containerId = await beforePublishing(NETWORK_NAME, async () => {
    const [only] = request.media;
    if (request.media.length === 1 && only) {
      const id = await createItem(target, only, { caption: request.text, carouselItem: false });
      await waitUntilFinished(deps, target, id, 'the post');
      return id;
    }
    const children: string[] = [];
    for (const [index, item] of request.media.entries()) {
      const id = await createItem(target, item, { carouselItem: true });
      // Video items must be processed before the carousel that holds them is created.
      await waitUntilFinished(deps, target, id, `carousel item ${index + 1}`);
      children.push(id);
    }
    const parent = await graph(
      target,
      'POST',
      `/${instagramId}/media`,
      { media_type: 'CAROUSEL', children: children.join(','), caption: request.text },
      'creating the carousel',
    );
    const id = requireId(parent, 'the carousel');
    await waitUntilFinished(deps, target, id, 'the carousel');
    return id;
  });

  const published = await graph(
    target,
    'POST',
    `/${instagramId}/media_publish`,
    { creation_id: containerId },
    'publishing the post',
  );
  const mediaId = stringField(published, 'id');
  if (!mediaId)
    throw new ConnectorError('unknown_outcome', 'Instagram accepted the post but its answer named no media id');
  return { remoteId: mediaId, permalink: await permalinkOf(deps, target, mediaId) };
}

async function createItem(
  target: Target,
  item: PublishMedia,
  input: { caption?: string; carouselItem: boolean },
): Promise<string> {
  const common: Record<string, string | undefined> = {
    caption: input.caption,
    is_carousel_item: input.carouselItem ? 'true' : undefined,
  };
  if (item.kind === 'image') {
    const imageUrl = await stagePhoto(target, item);
    const answer = await graph(
      target,
      'POST',
      `/${target.instagramId}/media`,
      { ...common, image_url: imageUrl, alt_text: item.altText.trim() || undefined },
      'creating the photo container',
    );
    return requireId(answer, 'the photo container');
  }
  // Videos go by resumable upload: Meta would otherwise fetch `video_url`, which a self-hosted Crier may not offer.
  const mediaType = input.carouselItem ? 'VIDEO' : 'REELS';
  const answer = await graph(
    target,
    'POST',
    `/${target.instagramId}/media`,
    {
      ...common,
      media_type: mediaType,
      upload_type: 'resumable',
      share_to_feed: input.carouselItem ? undefined : 'true',
    },
    'creating the video container',
  );
  const id = requireId(answer, 'the video container');
  const url =
    stringField(answer, 'uri') ?? `${target.transport.ruploadUrl}/ig-api-upload/${target.transport.version}/${id}`;
  await target.page.run((accessToken) =>
    uploadBytes(target.transport, {
      url,
      accessToken,
      fileSize: item.size,
      body: item.stream(),
      action: 'uploading the video',
    }),
  );
  return id;
}

/**
 * Instagram fetches `image_url` itself from a public server, which a self-hosted Crier often is not.
 * So the photo goes to the linked Page as an unpublished, temporary photo first, and its address on
 * Meta's CDN (served as JPEG) is what the container points at.
 */
async function stagePhoto(target: Target, image: PublishMedia): Promise<string> {
  const pageId = target.page.current.pageId;
  const form = new FormData();
  form.append('source', new Blob([new Uint8Array(await image.read())], { type: image.mimeType }), image.fileName);
  const uploaded = await target.page.run((accessToken) =>
    callGraph(target.transport, {
      method: 'POST',
      path: `/${pageId}/photos`,
      accessToken,
      params: { published: 'false', temporary: 'true' },
      form,
      action: 'staging the photo',
    }),
  );
  const photoId = requireId(uploaded, 'the staged photo');
  const read = await graph(target, 'GET', `/${photoId}`, { fields: 'images' }, 'reading the staged photo');
  const images = Array.isArray(read.images) ? (read.images as Array<{ source?: unknown; width?: unknown }>) : [];
  // The largest rendition; Meta lists them largest first, but do not rely on it.
  const largest = [...images].sort((a, b) => Number(b.width ?? 0) - Number(a.width ?? 0))[0];
  if (typeof largest?.source !== 'string')
    throw new ConnectorError('transient', 'Facebook stored the photo but named no address for it');
  return largest.source;
}

async function waitUntilFinished(
  deps: InstagramPublishDependencies,
  target: Target,
  containerId: string,
  what: string,
): Promise<void> {
  const waited = await pollUntilDone(deps.containerWait, target.transport.now, async () => {
    const status = await graph(target, 'GET', `/${containerId}`, { fields: 'status_code,status' }, `checking ${what}`);
    const code = stringField(status, 'status_code') ?? 'UNKNOWN';
    const explanation = stringField(status, 'status');
    if (code === 'FINISHED') return { done: true, value: undefined };
    if (code === 'ERROR') {
      throw new ConnectorError(
        'invalid_content',
        `Instagram could not process ${what}: ${explanation ?? 'no reason given'}`,
        { networkMessage: explanation, networkCode: 'ERROR' },
      );
    }
    if (code === 'EXPIRED' || code === 'PUBLISHED') {
      throw new ConnectorError(
        'transient',
        `Instagram's container for ${what} is ${code}; a new one is made on the next attempt`,
        { networkMessage: explanation, networkCode: code },
      );
    }
    return { done: false, state: code };
  });
  if ('timedOut' in waited) {
    const seconds = Math.round(deps.containerWait.maxWaitMs / 1000);
    throw new ConnectorError(
      'transient',
      `Instagram was still processing ${what} (${waited.lastState}) after ${seconds} s; nothing was published, the next attempt starts again`,
      {
        networkMessage: waited.lastState,
        networkCode: waited.lastState,
      },
    );
  }
}

function graph(
  target: Target,
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string | undefined>,
  action: string,
) {
  return target.page.run((accessToken) => callGraph(target.transport, { method, path, accessToken, params, action }));
}

function requireId(answer: Record<string, unknown>, what: string): string {
  const id = stringField(answer, 'id');
  if (!id) throw new ConnectorError('transient', `Instagram answered without an id for ${what}`);
  return id;
}

/** The media's permalink; when that read fails the post exists anyway, so the profile stands in. */
async function permalinkOf(deps: InstagramPublishDependencies, target: Target, mediaId: string): Promise<string> {
  const fallback = `${deps.webUrl}/${target.page.current.instagramUsername ?? ''}`;
  try {
    const answer = await graph(
      target,
      'GET',
      `/${mediaId}`,
      { fields: 'permalink,shortcode' },
      'reading the permalink',
    );
    return stringField(answer, 'permalink') ?? fallback;
  } catch (error) {
    if (error instanceof ConnectorError) return fallback;
    throw error;
  }
}
