import { type ApiContext, type ApiHandler, GraphFailure } from './api.js';
import { type ContainerProcessor, THREADS_MEDIA_RULES } from './containers.js';
import { graphErrors } from './graph-errors.js';
import type { Container, MediaType, ThreadsMedia, ThreadsState, ThreadsUser } from './state.js';
import { threadsTextLength } from './text-length.js';

/** Publishing quotas per rolling 24 hours (threads.md: 250 posts, a carousel counting as one; replies apart). */
export const PUBLISHING_QUOTAS = { posts: 250, replies: 1000, deletes: 100, locationSearches: 500 } as const;
const MAX_TEXT_LENGTH = 500;
const DAY_SECONDS = 86_400;

export interface PublishHandlerOptions {
  state: ThreadsState;
  processor: ContainerProcessor;
}

const invalid = (message: string) => new GraphFailure(graphErrors.invalidParameter(message));

/** `POST /{user}/threads`, `POST /{user}/threads_publish`, container status and the publishing quota. */
export function publishHandlers({ state, processor }: PublishHandlerOptions): Record<string, ApiHandler> {
  return {
    'POST user/threads': {
      authenticated: true,
      scopes: (params) => [
        'threads_basic',
        'threads_content_publish',
        ...(params.reply_to_id ? ['threads_manage_replies'] : []),
      ],
      handle: (context) => {
        const user = ownUser(context);
        const container = state.addContainer(containerFrom(context.params, user, state));
        processor.start(container);
        if (context.params.auto_publish_text === 'true') {
          if (container.mediaType !== 'TEXT') throw invalid('auto_publish_text is only available for TEXT posts');
          publish(container, user, state);
        }
        return { id: container.id };
      },
    },
    'POST user/threads_publish': {
      authenticated: true,
      scopes: () => ['threads_basic', 'threads_content_publish'],
      handle: (context) => {
        const user = ownUser(context);
        const container = state.containers.get(context.params.creation_id ?? '');
        if (!container || container.ownerId !== user.id)
          throw invalid('Param creation_id must be a valid media container id');
        const { status, errorMessage } = processor.statusOf(container);
        if (status === 'IN_PROGRESS')
          throw invalid(
            'The media container is not ready to be published yet (IN_PROGRESS); check its status and try again',
          );
        if (status !== 'FINISHED')
          throw invalid(
            `The media container cannot be published: ${status}${errorMessage ? ` (${errorMessage})` : ''}`,
          );
        if (container.isCarouselItem) throw invalid('A carousel item is published through its carousel container');
        return { id: publish(container, user, state).id };
      },
    },
    'GET container': {
      authenticated: true,
      scopes: () => ['threads_basic'],
      handle: ({ node, params }) => {
        if (node.kind !== 'container') throw new Error('GET container reached without a container');
        const { status, errorMessage } = processor.statusOf(node.container);
        const all: Record<string, unknown> = { id: node.container.id, status, error_message: errorMessage };
        return pick(all, params.fields);
      },
    },
    'GET user/threads_publishing_limit': {
      authenticated: true,
      scopes: () => ['threads_basic'],
      handle: (context) => {
        const user = ownUser(context);
        const all: Record<string, unknown> = {
          quota_usage: state.publishedInLastDay(user.id, false),
          config: { quota_total: PUBLISHING_QUOTAS.posts, quota_duration: DAY_SECONDS },
          reply_quota_usage: state.publishedInLastDay(user.id, true),
          reply_config: { quota_total: PUBLISHING_QUOTAS.replies, quota_duration: DAY_SECONDS },
          delete_quota_usage: 0,
          delete_config: { quota_total: PUBLISHING_QUOTAS.deletes, quota_duration: DAY_SECONDS },
          location_search_quota_usage: 0,
          location_search_config: { quota_total: PUBLISHING_QUOTAS.locationSearches, quota_duration: DAY_SECONDS },
        };
        const { id: _id, ...fields } = pick({ id: user.id, ...all }, context.params.fields ?? 'quota_usage');
        return { data: [fields] };
      },
    },
  };
}

function ownUser(context: ApiContext): ThreadsUser {
  if (context.node.kind !== 'user' || !context.user || context.node.user.id !== context.user.id) {
    throw new GraphFailure(graphErrors.unsupported(context.request.method, 'user'));
  }
  return context.user;
}

const MEDIA_TYPES: readonly MediaType[] = ['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL'];

/** Checks a container request the way Threads does and returns what to store. */
function containerFrom(
  params: Record<string, string>,
  user: ThreadsUser,
  state: ThreadsState,
): Omit<Container, 'id' | 'createdAt'> {
  const mediaType = params.media_type as MediaType | undefined;
  if (!mediaType || !MEDIA_TYPES.includes(mediaType)) throw invalid('The parameter media_type is required');
  const isCarouselItem = params.is_carousel_item === 'true';
  const text = params.text;
  if (text !== undefined && threadsTextLength(text) > MAX_TEXT_LENGTH) {
    throw invalid(`Param text must be at most ${MAX_TEXT_LENGTH} characters long`);
  }
  if (mediaType === 'TEXT' && !text && !params.link_attachment && !params.poll_attachment && !params.text_attachment) {
    throw invalid('The parameter text is required for TEXT posts');
  }
  if (mediaType === 'IMAGE' && !params.image_url) throw invalid('The parameter image_url is required for IMAGE posts');
  if (mediaType === 'VIDEO' && !params.video_url) throw invalid('The parameter video_url is required for VIDEO posts');
  if (isCarouselItem && mediaType !== 'IMAGE' && mediaType !== 'VIDEO')
    throw invalid('Only IMAGE and VIDEO containers can be carousel items');
  if (params.link_attachment && mediaType !== 'TEXT') throw invalid('link_attachment is only available for TEXT posts');
  if (params.link_attachment && !/^https?:\/\//.test(params.link_attachment))
    throw invalid('Param link_attachment must be a URL');
  const children = mediaType === 'CAROUSEL' ? carouselChildren(params.children, user, state) : [];
  if (mediaType !== 'CAROUSEL' && params.children) throw invalid('children is only available for CAROUSEL containers');
  const replyTo = params.reply_to_id;
  const repliedTo = replyTo === undefined ? undefined : state.media.get(replyTo);
  if (replyTo !== undefined && (!repliedTo || repliedTo.deleted)) {
    throw invalid('Param reply_to_id must be the id of a Threads post or reply');
  }
  if (params.quote_post_id !== undefined && !state.media.has(params.quote_post_id)) {
    throw invalid('Param quote_post_id must be the id of a Threads post');
  }
  const countries = params.allowlisted_country_codes?.split(',').map((code) => code.trim());
  if (countries) {
    if (!user.eligibleForGeoGating) {
      throw new GraphFailure({
        ...graphErrors.invalidParameter(
          'allowlisted_country_codes is only available to profiles eligible for geo-gating',
        ),
        userMessage: 'This profile cannot limit posts to countries (is_eligible_for_geo_gating is false).',
      });
    }
    const wrong = countries.filter((code) => !/^[A-Z]{2}$/.test(code));
    if (wrong.length > 0 || countries.length === 0) {
      throw invalid(`Param allowlisted_country_codes must be ISO 3166-1 alpha-2 codes - got "${wrong.join(',')}"`);
    }
  }
  return {
    ownerId: user.id,
    mediaType,
    text,
    imageUrl: params.image_url,
    videoUrl: params.video_url,
    altText: params.alt_text,
    isCarouselItem,
    children,
    replyToId: replyTo,
    quotePostId: params.quote_post_id,
    replyControl: params.reply_control,
    allowlistedCountryCodes: countries,
    linkAttachment: params.link_attachment,
    topicTag: params.topic_tag,
    locationId: params.location_id,
    status: mediaType === 'IMAGE' || mediaType === 'VIDEO' ? 'IN_PROGRESS' : 'FINISHED',
    errorMessage: undefined,
    fetchedBytes: undefined,
    publishedMediaId: undefined,
  };
}

function carouselChildren(value: string | undefined, user: ThreadsUser, state: ThreadsState): string[] {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const { carouselMinItems, carouselMaxItems } = THREADS_MEDIA_RULES;
  if (ids.length < carouselMinItems || ids.length > carouselMaxItems) {
    throw invalid(`A carousel takes ${carouselMinItems} to ${carouselMaxItems} items; children lists ${ids.length}`);
  }
  for (const id of ids) {
    const item = state.containers.get(id);
    if (!item || item.ownerId !== user.id || !item.isCarouselItem) {
      throw invalid(`Param children must list carousel item containers (is_carousel_item=true); ${id} is not one`);
    }
  }
  return ids;
}

const READ_SIDE_TYPES: Record<MediaType, ThreadsMedia['mediaType']> = {
  TEXT: 'TEXT_POST',
  IMAGE: 'IMAGE',
  VIDEO: 'VIDEO',
  CAROUSEL: 'CAROUSEL_ALBUM',
};

/** Turns a finished container into a post or reply, within the rolling quotas. */
function publish(container: Container, user: ThreadsUser, state: ThreadsState): ThreadsMedia {
  const isReply = container.replyToId !== undefined;
  const quota = isReply ? PUBLISHING_QUOTAS.replies : PUBLISHING_QUOTAS.posts;
  if (state.publishedInLastDay(user.id, isReply) >= quota) {
    throw new GraphFailure(graphErrors.publishingLimit(quota, isReply ? 'replies' : 'posts'));
  }
  const repliedTo = container.replyToId ? state.media.get(container.replyToId) : undefined;
  const children = container.children.map((id) => {
    const item = state.containers.get(id);
    return {
      id,
      mediaType: item?.mediaType === 'VIDEO' ? ('VIDEO' as const) : ('IMAGE' as const),
      mediaUrl: item?.imageUrl ?? item?.videoUrl,
      altText: item?.altText,
    };
  });
  const media = state.addMedia({
    ownerId: user.id,
    mediaType: READ_SIDE_TYPES[container.mediaType],
    text: container.text ?? '',
    mediaUrl: container.imageUrl ?? container.videoUrl,
    altText: container.altText,
    children,
    replyToId: container.replyToId,
    rootPostId: repliedTo ? (repliedTo.rootPostId ?? repliedTo.id) : undefined,
    quotePostId: container.quotePostId,
    replyControl: container.replyControl ?? 'everyone',
    allowlistedCountryCodes: container.allowlistedCountryCodes,
    linkAttachmentUrl: container.linkAttachment,
    topicTag: container.topicTag,
  });
  container.status = 'PUBLISHED';
  container.publishedMediaId = media.id;
  for (const id of container.children) {
    const item = state.containers.get(id);
    if (item) item.status = 'PUBLISHED';
  }
  state.touched();
  return media;
}

/** Graph answers only the fields asked for (`fields=a,b`), and `id` when none are. */
export function pick(all: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  const wanted = fields ? fields.split(/,(?![^{]*\})/).map((field) => field.replace(/\{.*\}$/, '').trim()) : ['id'];
  const picked: Record<string, unknown> = {};
  for (const field of wanted) if (all[field] !== undefined) picked[field] = all[field];
  return picked;
}
