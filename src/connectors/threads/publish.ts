import type {
  AccountSession,
  FindPublishedInput,
  PublishMedia,
  PublishRequest,
  PublishResult,
} from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { PublicMediaUrls } from '../kit/public-media.js';
import { beforePublishing, stringField } from '../meta/graph-client.js';
import { NETWORK_NAME } from './credentials.js';
import { ThreadsCaller, type ThreadsContext } from './graph.js';
import { allowlistedCountries } from './targeting.js';

/** When the publishing quota is spent, look again in an hour: Threads counts it over a rolling day. */
const QUOTA_RETRY_MS = 60 * 60_000;
const URL_IN_TEXT = /https?:\/\/[^\s]+/;

export interface ThreadsPublishContext extends ThreadsContext {
  mediaUrls: PublicMediaUrls | undefined;
}

/**
 * Publishes one post (threads.md, Publish): containers first (one per photo or video of a carousel,
 * then the carousel), each awaited until FINISHED, then `threads_publish` once. Everything before
 * that last call publishes nothing, so its failures are never unknown outcomes.
 */
export async function publishThread(
  context: ThreadsPublishContext,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const threads = new ThreadsCaller(context, session);
  const countries = allowlistedCountries(request.targeting);
  const containerId = await beforePublishing(NETWORK_NAME, async () => {
    if (countries) await requireGeoGating(threads);
    await requireQuota(threads);
    const common = {
      text: request.text.length > 0 ? request.text : undefined,
      reply_control: optionString(request.options, 'replyControl'),
      topic_tag: optionString(request.options, 'topicTag'),
      allowlisted_country_codes: countries?.join(','),
    };
    return createPostContainer(threads, context.mediaUrls, request, common);
  });
  const mediaId = await threads.publishContainer(containerId, 'the post');
  return { remoteId: mediaId, permalink: await threads.permalinkOf(mediaId) };
}

async function createPostContainer(
  threads: ThreadsCaller,
  mediaUrls: PublicMediaUrls | undefined,
  request: PublishRequest,
  common: Record<string, string | undefined>,
): Promise<string> {
  const [only, ...others] = request.media;
  if (!only) {
    const link = request.link ?? URL_IN_TEXT.exec(request.text)?.[0];
    return threads.container({ ...common, media_type: 'TEXT', link_attachment: link }, 'the post');
  }
  if (others.length === 0) return threads.container({ ...common, ...(await mediaParams(mediaUrls, only)) }, 'the post');
  const children: string[] = [];
  for (const [index, item] of request.media.entries()) {
    const params = { ...(await mediaParams(mediaUrls, item)), is_carousel_item: 'true' };
    children.push(await threads.container(params, `item ${index + 1} of the carousel`));
  }
  return threads.container({ ...common, media_type: 'CAROUSEL', children: children.join(',') }, 'the carousel');
}

async function mediaParams(
  mediaUrls: PublicMediaUrls | undefined,
  media: PublishMedia,
): Promise<Record<string, string | undefined>> {
  if (!mediaUrls) {
    throw new ConnectorError(
      'invalid_content',
      `${NETWORK_NAME} fetches media from a public address, and this Crier has none configured`,
    );
  }
  const url = await mediaUrls.publish(media);
  const alt = media.altText.trim() || undefined;
  return media.kind === 'video'
    ? { media_type: 'VIDEO', video_url: url, alt_text: alt }
    : { media_type: 'IMAGE', image_url: url, alt_text: alt };
}

async function requireGeoGating(threads: ThreadsCaller): Promise<void> {
  const me = await threads.call(
    'GET',
    '/me',
    { fields: 'is_eligible_for_geo_gating' },
    'checking geo-gating eligibility',
  );
  if (me.is_eligible_for_geo_gating !== true) {
    throw new ConnectorError(
      'invalid_content',
      `This ${NETWORK_NAME} profile is not eligible to limit posts to countries (geo-gating); publish this variant without its segment, or from an eligible profile`,
      { networkCode: 'is_eligible_for_geo_gating=false' },
    );
  }
}

/** Looks at the rolling publishing quota first, so a spent quota waits instead of failing mid-way. */
async function requireQuota(threads: ThreadsCaller): Promise<void> {
  const answer = await threads.call(
    'GET',
    `/${threads.userId}/threads_publishing_limit`,
    { fields: 'quota_usage,config' },
    'reading the publishing quota',
  );
  const entry = (Array.isArray(answer.data) ? answer.data[0] : undefined) as
    | { quota_usage?: unknown; config?: { quota_total?: unknown } }
    | undefined;
  const used = Number(entry?.quota_usage);
  const total = Number(entry?.config?.quota_total);
  if (Number.isFinite(used) && Number.isFinite(total) && used >= total) {
    throw new ConnectorError(
      'rate_limited',
      `${NETWORK_NAME} publishing quota is spent (${used} of ${total} posts in 24 hours)`,
      {
        networkCode: 'threads_publishing_limit',
        retryAt: threads.context.transport.now() + QUOTA_RETRY_MS,
      },
    );
  }
}

function optionString(options: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = options?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** After an unknown outcome: the account's post with this text made since the first attempt, if any. */
export async function findPublishedThread(
  context: ThreadsContext,
  session: AccountSession,
  input: FindPublishedInput,
): Promise<PublishResult | undefined> {
  const threads = new ThreadsCaller(context, session);
  const answer = await threads.call(
    'GET',
    `/${threads.userId}/threads`,
    { fields: 'id,text,timestamp,permalink', since: String(Math.floor(input.since / 1000)), limit: '100' },
    'looking for the post',
  );
  const posts = (Array.isArray(answer.data) ? answer.data : []) as Array<Record<string, unknown>>;
  const found = posts.find((post) => (stringField(post, 'text') ?? '') === input.text);
  const id = found ? stringField(found, 'id') : undefined;
  if (!found || !id) return undefined;
  return { remoteId: id, permalink: stringField(found, 'permalink') ?? (await threads.permalinkOf(id)) };
}
