import * as linkify from 'linkifyjs';
import type { AccountSession, PublishMedia, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { FacebookLogin } from '../meta/facebook-login.js';
import { beforePublishing, callGraph, type GraphTransport, stringField, uploadBytes } from '../meta/graph-client.js';
import { PageSession } from '../meta/page-session.js';
import { type ProcessingWait, pollUntilDone } from '../meta/processing.js';

export const NETWORK_NAME = 'Facebook';

export interface FacebookPublishDependencies {
  transport: GraphTransport;
  login: FacebookLogin;
  /** Where people see posts: `https://www.facebook.com` live. */
  webUrl: string;
  videoWait: ProcessingWait;
}

/**
 * Publishes to a Page: a status or link post (`/feed`), one photo (`/photos`), several photos
 * (each uploaded unpublished, then one `/feed` post with `attached_media`), or a video as a reel
 * (`/video_reels` start → bytes to rupload → finish). Targeting rides on the call that publishes.
 * Everything before that call publishes nothing; that call is made once and never repeated when
 * its outcome is unknown.
 */
export async function publishToPage(
  deps: FacebookPublishDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const page = new PageSession(session, deps.login, NETWORK_NAME);
  const pageId = page.current.pageId;
  const aimed = targetingParams(request.targeting);
  const images = request.media.filter((media) => media.kind === 'image');
  const video = request.media.find((media) => media.kind === 'video');
  const post = (path: string, params: Record<string, string | undefined>, form?: FormData) =>
    page.run((accessToken) =>
      callGraph(deps.transport, { method: 'POST', path, accessToken, params, form, action: 'publishing the post' }),
    );

  let postId: string | undefined;
  if (video) {
    return publishReel(deps, page, request, video, aimed);
  }
  if (images.length === 1 && images[0]) {
    const form = await photoForm(images[0]);
    const answer = await post(`/${pageId}/photos`, { message: request.text, published: 'true', ...aimed }, form);
    postId = stringField(answer, 'post_id') ?? stringField(answer, 'id');
  } else if (images.length > 1) {
    const mediaIds = await beforePublishing(NETWORK_NAME, async () => {
      const ids: string[] = [];
      for (const [index, image] of images.entries()) {
        const answer = await page.run(async (accessToken) =>
          callGraph(deps.transport, {
            method: 'POST',
            path: `/${pageId}/photos`,
            accessToken,
            params: { published: 'false' },
            form: await photoForm(image),
            action: `uploading photo ${index + 1}`,
          }),
        );
        const id = stringField(answer, 'id');
        if (!id) throw new ConnectorError('transient', `${NETWORK_NAME} accepted photo ${index + 1} but named no id`);
        ids.push(id);
      }
      return ids;
    });
    const answer = await post(`/${pageId}/feed`, {
      message: request.text,
      attached_media: JSON.stringify(mediaIds.map((id) => ({ media_fbid: id }))),
      ...aimed,
    });
    postId = stringField(answer, 'id');
  } else {
    const answer = await post(`/${pageId}/feed`, {
      message: request.text,
      link: request.link ?? firstLink(request.text),
      ...aimed,
    });
    postId = stringField(answer, 'id');
  }
  if (!postId) {
    throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} accepted the post but its answer named no post id`);
  }
  return { remoteId: postId, permalink: await permalinkOf(deps, page, postId) };
}

async function publishReel(
  deps: FacebookPublishDependencies,
  page: PageSession,
  request: PublishRequest,
  video: PublishMedia,
  aimed: Record<string, string>,
): Promise<PublishResult> {
  const { transport } = deps;
  const pageId = page.current.pageId;
  const started = await beforePublishing(NETWORK_NAME, async () => {
    const answer = await page.run((accessToken) =>
      callGraph(transport, {
        method: 'POST',
        path: `/${pageId}/video_reels`,
        accessToken,
        params: { upload_phase: 'start' },
        action: 'starting the reel upload',
      }),
    );
    const videoId = stringField(answer, 'video_id');
    if (!videoId) throw new ConnectorError('transient', `${NETWORK_NAME} started a reel upload but named no video id`);
    const url =
      stringField(answer, 'upload_url') ?? `${transport.ruploadUrl}/video-upload/${transport.version}/${videoId}`;
    await page.run((accessToken) =>
      uploadBytes(transport, {
        url,
        accessToken,
        fileSize: video.size,
        body: video.stream(),
        action: 'uploading the video',
      }),
    );
    return videoId;
  });
  await page.run((accessToken) =>
    callGraph(transport, {
      method: 'POST',
      path: `/${pageId}/video_reels`,
      accessToken,
      params: {
        upload_phase: 'finish',
        video_id: started,
        video_state: 'PUBLISHED',
        description: request.text,
        ...aimed,
      },
      action: 'publishing the reel',
    }),
  );
  // The reel is committed; Meta processes it before it shows. Wait, but never without end.
  const waited = await afterCommit(() =>
    pollUntilDone(deps.videoWait, transport.now, async () => {
      const status = await page.run((accessToken) =>
        callGraph(transport, {
          method: 'GET',
          path: `/${started}`,
          accessToken,
          params: { fields: 'status,post_id,permalink_url' },
          action: 'checking the reel',
        }),
      );
      const videoStatus = (status.status as { video_status?: string } | undefined)?.video_status ?? 'unknown';
      if (videoStatus === 'error') {
        throw new ConnectorError(
          'invalid_content',
          `${NETWORK_NAME} could not process the video, so the reel was not published`,
          { networkMessage: JSON.stringify(status.status) },
        );
      }
      if (videoStatus !== 'ready') return { done: false, state: videoStatus };
      return {
        done: true,
        value: { postId: stringField(status, 'post_id'), permalink: stringField(status, 'permalink_url') },
      };
    }),
  );
  if ('timedOut' in waited) {
    throw new ConnectorError(
      'unknown_outcome',
      `${NETWORK_NAME} accepted the reel but was still processing it (${waited.lastState}) when Crier stopped waiting; check the Page`,
      {
        networkMessage: waited.lastState,
      },
    );
  }
  const remoteId = waited.value.postId ?? started;
  return { remoteId, permalink: waited.value.permalink ?? `${deps.webUrl}/reel/${started}` };
}

/**
 * Runs reads made after the publishing call succeeded. Their failures must not look retryable: a
 * retry would publish a second time, so anything but a definite processing failure is unknown.
 */
async function afterCommit<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (
      error instanceof ConnectorError &&
      error.errorClass !== 'invalid_content' &&
      error.errorClass !== 'unknown_outcome'
    ) {
      throw new ConnectorError(
        'unknown_outcome',
        `${NETWORK_NAME} accepted the reel, then Crier could not follow its processing: ${error.message}`,
        {
          networkMessage: error.networkMessage,
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** `targeting` and `feed_targeting` as Meta takes them: JSON text, each only when the segment produced it. */
function targetingParams(targeting: Record<string, unknown> | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (targeting?.targeting) params.targeting = JSON.stringify(targeting.targeting);
  if (targeting?.feed_targeting) params.feed_targeting = JSON.stringify(targeting.feed_targeting);
  return params;
}

async function photoForm(image: PublishMedia): Promise<FormData> {
  const form = new FormData();
  // Photos are small; the multipart body takes them whole (videos are streamed instead).
  form.append('source', new Blob([new Uint8Array(await image.read())], { type: image.mimeType }), image.fileName);
  if (image.altText.trim()) form.append('alt_text_custom', image.altText.trim());
  return form;
}

/** Facebook draws a link card for `link`; the first URL of the text is the post's link. */
function firstLink(text: string): string | undefined {
  return linkify.find(text, 'url')[0]?.href;
}

/** The post's permalink; when that read fails, the post exists anyway, so a built address stands in. */
async function permalinkOf(deps: FacebookPublishDependencies, page: PageSession, postId: string): Promise<string> {
  try {
    const answer = await page.run((accessToken) =>
      callGraph(deps.transport, {
        method: 'GET',
        path: `/${postId}`,
        accessToken,
        params: { fields: 'permalink_url' },
        action: 'reading the permalink',
      }),
    );
    return stringField(answer, 'permalink_url') ?? `${deps.webUrl}/${postId}`;
  } catch (error) {
    if (error instanceof ConnectorError) return `${deps.webUrl}/${postId}`;
    throw error;
  }
}
