import { Readable } from 'node:stream';
import type { AccountSession, PublishMedia, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { LinkPreviewFetcher } from '../kit/link-preview.js';
import { checkTargetAudience } from './audience.js';
import { NETWORK_NAME } from './credentials.js';
import { toLittleText } from './little-text.js';
import { uploadImage, uploadVideo, type VideoWait } from './media-upload.js';
import type { LinkedInOAuth } from './oauth.js';
import { beforePosting, callLinkedIn, type LinkedInTransport } from './rest-client.js';
import { LinkedInSessionTokens } from './session-tokens.js';
import { targetEntitiesOf } from './targeting.js';

export interface LinkedInContext {
  transport: LinkedInTransport;
  oauth: LinkedInOAuth;
  webUrl: string;
  videoWait: VideoWait;
  /** Title, description and picture of a linked page, for article posts; without it the host names the link. */
  linkPreview?: LinkPreviewFetcher;
}

const URL_IN_TEXT = /https?:\/\/[^\s]+/;
type Run = <T>(call: (accessToken: string) => Promise<T>) => Promise<T>;

/**
 * Publishes one post (linkedin.md, Publish): the audience checked first when the post is targeted,
 * then media uploaded, then `POST /rest/posts` once. Everything before that call posts nothing, so
 * its failures are never unknown outcomes; the call itself is never repeated when its answer is lost.
 */
export async function publishLinkedInPost(
  context: LinkedInContext,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const tokens = new LinkedInSessionTokens(session, context.oauth, context.webUrl, context.transport.now);
  const run: Run = (call) => tokens.run(call);
  const author = tokens.current.authorUrn;
  const entities = targetEntitiesOf(request.targeting);
  const content = await beforePosting(async () => {
    await run((accessToken) => checkTargetAudience(context.transport, { accessToken, authorUrn: author, entities }));
    return contentFor(context, run, author, request);
  });
  const visibility = typeof request.options?.visibility === 'string' ? request.options.visibility : 'PUBLIC';
  const body = {
    author,
    commentary: toLittleText(request.text),
    visibility,
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: entities, thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...(content ? { content } : {}),
  };
  const answer = await run((accessToken) =>
    callLinkedIn(context.transport, {
      method: 'POST',
      path: '/rest/posts',
      accessToken,
      json: body,
      action: 'publishing the post',
    }),
  );
  const urn = answer.headers.get('x-restli-id') ?? answer.headers.get('x-linkedin-id');
  if (!urn) {
    throw new ConnectorError(
      'unknown_outcome',
      `${NETWORK_NAME} accepted the post (${answer.status}) but named no post URN`,
      { status: answer.status },
    );
  }
  return { remoteId: urn, permalink: `${context.webUrl}/feed/update/${urn}/` };
}

async function contentFor(
  context: LinkedInContext,
  run: Run,
  author: string,
  request: PublishRequest,
): Promise<Record<string, unknown> | undefined> {
  const { media } = request;
  const [only] = media;
  if (!only) {
    const link = request.link ?? URL_IN_TEXT.exec(request.text)?.[0];
    return link ? { article: await article(context, run, author, link, request.title) } : undefined;
  }
  if (only.kind === 'video') {
    const id = await uploadVideo(context.transport, run, author, only, context.videoWait);
    return { media: { id, ...(request.title ? { title: request.title } : {}) } };
  }
  const images: Array<{ id: string; altText?: string }> = [];
  for (const [index, image] of media.entries()) {
    const id = await uploadImage(context.transport, run, author, image, index + 1);
    const altText = image.altText.trim();
    images.push(altText ? { id, altText } : { id });
  }
  return images.length === 1 ? { media: images[0] } : { multiImage: { images } };
}

/** An article card: the page's own title, description and picture when a preview can be had. */
async function article(context: LinkedInContext, run: Run, author: string, source: string, title: string | undefined) {
  const preview = context.linkPreview ? await context.linkPreview(source) : undefined;
  let thumbnail: string | undefined;
  if (preview?.image)
    thumbnail = await uploadImage(
      context.transport,
      run,
      author,
      bytesMedia(preview.image.bytes, preview.image.mimeType),
      1,
    );
  return {
    source,
    title: title ?? preview?.title ?? new URL(source).hostname,
    ...(preview?.description ? { description: preview.description } : {}),
    ...(thumbnail ? { thumbnail } : {}),
  };
}

/** A link preview's picture, already in memory (the preview fetcher caps its size), as media to upload. */
function bytesMedia(bytes: Uint8Array, mimeType: string): PublishMedia {
  return {
    id: 'link-preview',
    kind: 'image',
    mimeType,
    size: bytes.byteLength,
    altText: '',
    fileName: 'preview',
    read: async () => bytes,
    stream: () => Readable.from([Buffer.from(bytes)]),
  };
}
