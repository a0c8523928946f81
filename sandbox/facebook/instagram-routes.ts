import { randomBytes } from 'node:crypto';
import type { MetaFaults } from './faults.js';
import { graphErrors } from './graph-errors.js';
import { GraphFailure, type GraphRouter } from './graph-router.js';
import { splitList } from './graph-specs.js';
import { graphTime, pick } from './page-routes.js';
import type { GraphState, MediaContainer } from './state.js';

export interface InstagramRouteOptions {
  state: GraphState;
  faults: MetaFaults;
  publicUrl: () => string;
  version: string;
  /** How long a container takes to reach FINISHED once its media is in. */
  containerProcessingMs: number;
  /** Posts per rolling 24 h (`content_publishing_limit`); the reference says 50, some integrators 100. */
  publishingQuota: number;
  now: () => number;
}

const CONTENT_PUBLISH = { scopes: ['instagram_basic', 'instagram_content_publish'] };
const BASIC = { scopes: ['instagram_basic'] };
const MEDIA_TYPES = new Set(['IMAGE', 'VIDEO', 'REELS', 'STORIES', 'CAROUSEL']);
const DAY_MS = 24 * 60 * 60_000;
const MAX_CAPTION = 2200;
const MAX_HASHTAGS = 30;

/** Instagram content publishing over Facebook Login: containers, their status, media_publish and the quota. */
export function registerInstagramRoutes(router: GraphRouter, options: InstagramRouteOptions): void {
  const { state, now } = options;

  router.on('IGUser', 'GET', undefined, BASIC, (call) => {
    const account = state.instagram.get(call.id);
    const mediaCount = [...state.media.values()].filter((media) => media.igUserId === call.id).length;
    const full = {
      id: call.id,
      username: account?.username,
      name: account?.name,
      media_count: mediaCount,
      followers_count: 1200,
    };
    return pick(full, call.params.fields, ['id']);
  });

  router.on('IGUser', 'POST', 'media', CONTENT_PUBLISH, (call) => {
    const mediaType = (call.params.media_type ?? 'IMAGE').toUpperCase();
    if (!MEDIA_TYPES.has(mediaType))
      throw new GraphFailure(graphErrors.invalidParameter(`media_type must be one of ${[...MEDIA_TYPES].join(', ')}`));
    if (mediaType === 'STORIES')
      throw new GraphFailure(graphErrors.invalidParameter('The sandbox does not emulate stories'));
    const caption = call.params.caption ?? '';
    const isCarouselItem = /^(true|1)$/i.test(call.params.is_carousel_item ?? '');
    checkCaption(caption);
    const container: MediaContainer = {
      id: state.nextId(),
      igUserId: call.id,
      mediaType: mediaType as MediaContainer['mediaType'],
      caption,
      altText: call.params.alt_text,
      isCarouselItem,
      children: [],
      resumable: call.params.upload_type === 'resumable',
      receivedBytes: 0,
      statusCode: 'IN_PROGRESS',
      outcome: 'finish',
      createdTime: now(),
    };
    if (mediaType === 'IMAGE') {
      if (!call.params.image_url)
        throw new GraphFailure(graphErrors.invalidParameter('The parameter image_url is required'));
      checkImage(state, call.params.image_url);
      container.imageUrl = call.params.image_url;
      container.readyAt = now() + options.containerProcessingMs;
    } else if (mediaType === 'CAROUSEL') {
      container.children = carouselChildren(state, call.id, call.params.children);
      container.readyAt = now() + options.containerProcessingMs;
    } else if (!container.resumable) {
      // Meta fetches video_url itself; the sandbox reaches no other host, so videos come by resumable upload.
      throw new GraphFailure({
        ...graphErrors.invalidParameter("Media download has failed. The media URI doesn't meet our requirements."),
        code: 9004,
        subcode: 2207052,
      });
    }
    const fate = options.faults.takeContainerFate();
    if (fate === 'stuck') container.outcome = 'stuck';
    if (fate === 'error') container.outcome = 'error';
    state.containers.set(container.id, container);
    state.changed();
    const answer: Record<string, unknown> = { id: container.id };
    if (container.resumable) answer.uri = `${options.publicUrl()}/ig-api-upload/${options.version}/${container.id}`;
    return answer;
  });

  router.on('IGContainer', 'GET', undefined, CONTENT_PUBLISH, (call) => {
    const container = state.containers.get(call.id) as MediaContainer;
    settle(state, container, now());
    const status =
      container.statusMessage ??
      (container.statusCode === 'FINISHED'
        ? 'Finished: Media has been uploaded and it is ready to be published.'
        : container.statusCode);
    const full = { id: container.id, status_code: container.statusCode, status };
    return pick(full, call.params.fields, ['id']);
  });

  router.on('IGUser', 'POST', 'media_publish', CONTENT_PUBLISH, (call) => {
    const container = state.containers.get(call.params.creation_id ?? '');
    if (!container || container.igUserId !== call.id || container.isCarouselItem) {
      throw new GraphFailure(
        graphErrors.invalidParameter(
          `Media container ${call.params.creation_id} cannot be published by this account`,
          2207008,
        ),
      );
    }
    settle(state, container, now());
    if (container.statusCode === 'IN_PROGRESS') throw new GraphFailure(graphErrors.containerNotReady());
    if (container.statusCode !== 'FINISHED')
      throw new GraphFailure(graphErrors.containerUnusable(container.statusCode));
    if (publishedInLastDay(state, call.id, now()) >= options.publishingQuota)
      throw new GraphFailure(graphErrors.publishingLimit());
    const id = state.nextId();
    state.media.set(id, {
      id,
      igUserId: call.id,
      containerId: container.id,
      mediaType:
        container.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : container.mediaType === 'IMAGE' ? 'IMAGE' : 'VIDEO',
      productType: container.mediaType === 'REELS' ? 'REELS' : 'FEED',
      caption: container.caption,
      childCount: container.children.length,
      shortcode: randomBytes(8).toString('base64url').slice(0, 11),
      timestamp: now(),
    });
    container.statusCode = 'PUBLISHED';
    state.changed();
    return { id };
  });

  router.on('IGUser', 'GET', 'media', BASIC, (call) => {
    const limit = Math.min(100, Number(call.params.limit ?? 25) || 25);
    const newest = [...state.media.values()]
      .filter((media) => media.igUserId === call.id)
      .reverse()
      .slice(0, limit);
    const data = newest.map((media) =>
      pick(
        {
          id: media.id,
          caption: media.caption,
          timestamp: graphTime(media.timestamp),
          permalink: `${options.publicUrl()}/web/instagram/p/${media.shortcode}`,
          media_type: media.mediaType,
        },
        call.params.fields,
        ['id'],
      ),
    );
    return { data, paging: {} };
  });

  router.on('IGUser', 'GET', 'content_publishing_limit', CONTENT_PUBLISH, (call) => ({
    data: [
      {
        quota_usage: publishedInLastDay(state, call.id, now()),
        config: { quota_total: options.publishingQuota, quota_duration: 86400 },
      },
    ],
  }));

  router.on('IGMedia', 'GET', undefined, BASIC, (call) => {
    const media = state.media.get(call.id);
    const account = media && state.instagram.get(media.igUserId);
    const full = {
      id: call.id,
      caption: media?.caption,
      media_type: media?.mediaType,
      media_product_type: media?.productType,
      permalink: `${options.publicUrl()}/web/instagram/p/${media?.shortcode}`,
      shortcode: media?.shortcode,
      timestamp: media && graphTime(media.timestamp),
      username: account?.username,
      like_count: state.engagementOf(call.id).reactions,
      comments_count: state.threadOf(call.id).length,
    };
    return pick(full, call.params.fields, ['id']);
  });
}

/** Moves a container along: processing ends when its time comes, unless it was switched to stick or fail. */
export function settle(state: GraphState, container: MediaContainer, now: number): void {
  if (container.statusCode !== 'IN_PROGRESS' && container.statusCode !== 'FINISHED') return;
  if (now - container.createdTime > DAY_MS && container.statusCode !== 'FINISHED') {
    container.statusCode = 'EXPIRED';
  } else if (
    container.statusCode === 'IN_PROGRESS' &&
    container.outcome !== 'stuck' &&
    container.readyAt !== undefined &&
    container.readyAt <= now
  ) {
    if (container.outcome === 'error') {
      container.statusCode = 'ERROR';
      container.statusMessage =
        'Error: Media upload has failed with error code 2207003 (the media could not be processed)';
    } else {
      const children = container.children.map((id) => state.containers.get(id));
      for (const child of children) if (child) settle(state, child, now);
      if (children.some((child) => child?.statusCode === 'ERROR')) {
        container.statusCode = 'ERROR';
        container.statusMessage = 'Error: a carousel item failed to process (2207003)';
      } else if (children.every((child) => child?.statusCode === 'FINISHED')) {
        container.statusCode = 'FINISHED';
      }
    }
  }
  state.changed();
}

function checkCaption(caption: string): void {
  if ([...caption].length > MAX_CAPTION)
    throw new GraphFailure(
      graphErrors.invalidParameter(`The caption is longer than ${MAX_CAPTION} characters`, 2207040),
    );
  const hashtags = caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (hashtags > MAX_HASHTAGS)
    throw new GraphFailure(
      graphErrors.invalidParameter(
        `The caption has ${hashtags} hashtags; at most ${MAX_HASHTAGS} are allowed`,
        2207040,
      ),
    );
}

/** Meta fetches image_url itself: the sandbox can fetch only the photos it holds (`/_media/{id}.jpg`). */
function checkImage(state: GraphState, imageUrl: string): void {
  const photoId = /\/_media\/(\d+)\.jpg$/.exec(imageUrl)?.[1];
  const photo = photoId ? state.photos.get(photoId) : undefined;
  if (!photo) {
    throw new GraphFailure({
      ...graphErrors.invalidParameter("Media download has failed. The media URI doesn't meet our requirements."),
      code: 9004,
      subcode: 2207052,
    });
  }
  if (photo.width && photo.height) {
    const ratio = photo.width / photo.height;
    if (ratio < 4 / 5 - 0.001 || ratio > 1.91 + 0.001) {
      throw new GraphFailure({
        ...graphErrors.invalidParameter(
          `The submitted image with aspect ratio ('${photo.width}/${photo.height}') cannot be published. Please submit an image with a valid aspect ratio.`,
        ),
        code: 36003,
        subcode: 2207009,
      });
    }
  }
}

function carouselChildren(state: GraphState, igUserId: string, value: string | undefined): string[] {
  const ids = value ? splitList(value) : [];
  if (ids.length < 2 || ids.length > 10)
    throw new GraphFailure(graphErrors.invalidParameter('A carousel takes 2 to 10 children', 2207021));
  for (const id of ids) {
    const child = state.containers.get(id);
    if (!child || child.igUserId !== igUserId || !child.isCarouselItem) {
      throw new GraphFailure(
        graphErrors.invalidParameter(`Child ${id} is not a carousel item container of this account`, 2207021),
      );
    }
  }
  return ids;
}

function publishedInLastDay(state: GraphState, igUserId: string, now: number): number {
  return [...state.media.values()].filter((media) => media.igUserId === igUserId && now - media.timestamp < DAY_MS)
    .length;
}
