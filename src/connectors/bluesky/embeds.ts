import type { $Typed, AppBskyEmbedExternal, AppBskyEmbedImages, BlobRef } from '@atproto/api';
import { XRPCError } from '@atproto/api';
import type { PublishMedia } from '../kit/connector.js';
import type { LinkPreview, LinkPreviewFetcher } from '../kit/link-preview.js';
import { readImageSize } from './image-size.js';
import type { AccountClient } from './session.js';

/** The lexicon's cap on a link card's thumbnail (app.bsky.embed.external#external.thumb). */
const MAX_THUMB_BYTES = 1_000_000;
const MAX_CARD_TITLE_LENGTH = 300;
const MAX_CARD_DESCRIPTION_LENGTH = 1_000;

async function uploadBlob(client: AccountClient, bytes: Uint8Array, mimeType: string): Promise<BlobRef> {
  const { data } = await client.call((agent) => agent.com.atproto.repo.uploadBlob(bytes, { encoding: mimeType }));
  return data.blob;
}

/** Uploads each image and describes it with its alt text and, when the header says, its aspect ratio. */
export async function imagesEmbed(
  client: AccountClient,
  media: readonly PublishMedia[],
): Promise<$Typed<AppBskyEmbedImages.Main>> {
  const images: AppBskyEmbedImages.Image[] = [];
  // One at a time, in order: the post shows them in this order, and a PDS limits parallel uploads.
  for (const item of media) {
    const bytes = await item.read();
    const blob = await uploadBlob(client, bytes, item.mimeType);
    const image: AppBskyEmbedImages.Image = { image: blob, alt: item.altText.trim() };
    const size = readImageSize(bytes);
    if (size) image.aspectRatio = size;
    images.push(image);
  }
  return { $type: 'app.bsky.embed.images', images };
}

/**
 * A link card for a post without images. Bluesky does not fetch pages itself: the poster supplies the
 * title, description and thumbnail. A page that cannot be previewed still gets a card, titled with its
 * host, because a post should never fail over its preview.
 */
export async function linkCardEmbed(
  client: AccountClient,
  uri: string,
  linkPreview: LinkPreviewFetcher | undefined,
): Promise<$Typed<AppBskyEmbedExternal.Main>> {
  const preview = linkPreview ? await previewOrNothing(linkPreview, uri) : undefined;
  const external: AppBskyEmbedExternal.External = {
    uri,
    title: truncate(preview?.title, MAX_CARD_TITLE_LENGTH) ?? new URL(uri).host,
    description: truncate(preview?.description, MAX_CARD_DESCRIPTION_LENGTH) ?? '',
  };
  const image = preview?.image;
  if (image && image.bytes.byteLength <= MAX_THUMB_BYTES) {
    try {
      external.thumb = await uploadBlob(client, image.bytes, image.mimeType);
    } catch (error) {
      // The PDS refused this image (wrong type, too big): the card goes without it. Anything else
      // (auth, network) would fail the post itself a moment later, so it is raised here.
      if (!(error instanceof XRPCError && error.status === 400)) throw error;
    }
  }
  return { $type: 'app.bsky.embed.external', external };
}

async function previewOrNothing(linkPreview: LinkPreviewFetcher, uri: string): Promise<LinkPreview | undefined> {
  try {
    return await linkPreview(uri);
  } catch {
    // Any preview failure (refused address, timeout, bad page) leaves the card with the host as title.
    return undefined;
  }
}

function truncate(text: string | undefined, max: number): string | undefined {
  if (!text) return undefined;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  if (graphemes.length <= max) return text;
  return `${graphemes
    .slice(0, max - 1)
    .map((part) => part.segment)
    .join('')}…`;
}
