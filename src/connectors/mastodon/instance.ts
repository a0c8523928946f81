import { createRestAPIClient, type mastodon } from 'masto';
import type { Problem } from '../../core/content.js';
import { classifyFailure, NETWORK_NAME, nothingPublished } from './errors.js';

export interface MastodonTransport {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Time limit of one media upload, which takes longer than an API call. */
  uploadTimeoutMs: number;
  now: () => number;
  /** How long uploaded video may take to process before this attempt gives up. */
  mediaProcessingTimeoutMs: number;
}

/** Calls to one instance through masto, as one account (or as nobody, for app registration). */
export interface MastoCalls {
  call<T>(request: (client: mastodon.rest.Client) => Promise<T>): Promise<T>;
}

/**
 * Each call gets a fresh masto client bound to its own deadline. masto's `timeout` option combines
 * an `AbortSignal.timeout` with `AbortSignal.any`, and on Node 20 a timeout signal nobody else holds
 * can be collected before it fires, leaving a call hanging; a timer held here cannot be.
 */
export function mastoFor(
  transport: Pick<MastodonTransport, 'timeoutMs'>,
  server: string,
  accessToken?: string,
): MastoCalls {
  return {
    async call(request) {
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new DOMException('The request timed out', 'TimeoutError')),
        transport.timeoutMs,
      );
      try {
        return await request(
          createRestAPIClient({ url: server, accessToken, requestInit: { signal: controller.signal } }),
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The limits an instance reports in GET /api/v2/instance `configuration`. */
export interface InstanceLimits {
  maxCharacters: number;
  maxMediaAttachments: number;
  charactersReservedPerUrl: number;
  imageSizeLimit: number;
  videoSizeLimit: number;
  descriptionLimit: number | undefined;
}

const CACHE_MS = 60 * 60_000;

/** Reads and remembers each instance's limits for an hour (instances rarely change them). */
export class InstanceLimitsCache {
  private readonly cache = new Map<string, { limits: InstanceLimits; at: number }>();

  constructor(private readonly transport: MastodonTransport) {}

  async limitsOf(masto: MastoCalls, server: string): Promise<InstanceLimits> {
    const cached = this.cache.get(server);
    if (cached && cached.at + CACHE_MS > this.transport.now()) return cached.limits;
    let instance: mastodon.v2.Instance;
    try {
      instance = await masto.call((client) => client.v2.instance.fetch());
    } catch (error) {
      throw nothingPublished(classifyFailure(error, 'reading the instance limits', this.transport.now()));
    }
    const configuration = instance.configuration;
    const media = configuration.mediaAttachments as typeof configuration.mediaAttachments & {
      descriptionLimit?: number;
    };
    const limits: InstanceLimits = {
      maxCharacters: configuration.statuses.maxCharacters,
      maxMediaAttachments: configuration.statuses.maxMediaAttachments,
      charactersReservedPerUrl: configuration.statuses.charactersReservedPerUrl,
      imageSizeLimit: media.imageSizeLimit,
      videoSizeLimit: media.videoSizeLimit,
      descriptionLimit: media.descriptionLimit,
    };
    this.cache.set(server, { limits, at: this.transport.now() });
    return limits;
  }
}

/** Problems the instance's own limits find (beyond the defaults checked before scheduling). */
export function checkAgainstInstance(
  text: { length: number },
  media: Array<{ kind: 'image' | 'video'; size: number; altText: string }>,
  limits: InstanceLimits,
): Problem[] {
  const problems: Problem[] = [];
  if (text.length > limits.maxCharacters) {
    problems.push({
      code: 'text_too_long',
      field: 'text',
      limit: limits.maxCharacters,
      actual: text.length,
      message: `This ${NETWORK_NAME} instance allows ${limits.maxCharacters} characters; this text counts ${text.length}`,
    });
  }
  if (media.length > limits.maxMediaAttachments) {
    problems.push({
      code: 'too_many_images',
      field: 'media',
      limit: limits.maxMediaAttachments,
      actual: media.length,
      message: `This ${NETWORK_NAME} instance takes at most ${limits.maxMediaAttachments} attachments`,
    });
  }
  media.forEach((item, index) => {
    const cap = item.kind === 'video' ? limits.videoSizeLimit : limits.imageSizeLimit;
    if (item.size > cap) {
      problems.push({
        code: item.kind === 'video' ? 'video_too_large' : 'image_too_large',
        field: `media[${index}]`,
        limit: cap,
        actual: item.size,
        message: `This ${NETWORK_NAME} instance takes ${item.kind === 'video' ? 'videos' : 'images'} up to ${cap} bytes; item ${index + 1} is ${item.size}`,
      });
    }
    if (limits.descriptionLimit !== undefined && item.altText.length > limits.descriptionLimit) {
      problems.push({
        code: 'alt_text_too_long',
        field: `media[${index}]`,
        limit: limits.descriptionLimit,
        actual: item.altText.length,
        message: `This ${NETWORK_NAME} instance takes descriptions up to ${limits.descriptionLimit} characters`,
      });
    }
  });
  return problems;
}
