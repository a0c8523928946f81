import type { mastodon } from 'masto';
import type { VariantCheck, VariantContent } from '../../core/content.js';
import { measureText, type NetworkLimits } from '../../core/limits.js';
import type { Environment } from '../../core/networks.js';
import type { AccountSession, CommentPage, ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { checkVariantWithVideo, type VideoLimits } from '../kit/media-checks.js';
import { type InstanceAppStore, memoryAppStore } from './app-registry.js';
import { connectedAccount, type MastodonCredentials, parseCredentials } from './credentials.js';
import { listMentions, listReplies, readStatusMetrics, replyTo } from './engagement.js';
import { classifyFailure, NETWORK_NAME, nothingPublished } from './errors.js';
import { InstanceLimitsCache, type MastodonTransport, mastoFor } from './instance.js';
import { MASTODON_SCOPES, MastodonOAuth, type MastodonTokens } from './oauth.js';
import { publishStatus } from './publish.js';
import { statusOptionProblems } from './status-options.js';

/**
 * Mastodon's defaults (GET /api/v2/instance `configuration`), checked before scheduling. Each
 * instance may set its own; publishing checks the instance's real numbers again.
 */
export const MASTODON_LIMITS: NetworkLimits = {
  maxTextLength: 500,
  textCounting: { kind: 'graphemes', urlLength: 23, mentionsWithoutDomain: true },
  textOptionalWithMedia: true,
  media: {
    maxImages: 4,
    maxImageBytes: 16_777_216,
    imageMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif'],
    altTextRequired: false,
    maxAltTextLength: 1500,
  },
};

export const MASTODON_VIDEO_LIMITS: VideoLimits = {
  maxVideos: 1,
  maxBytes: 103_809_024,
  mimeTypes: ['video/mp4', 'video/quicktime', 'video/webm'],
  alone: true,
};

export interface MastodonConnectorOptions {
  environment: Environment;
  /** Shown on each instance's consent page. */
  clientName: string;
  website?: string;
  /** The example shown in the instance field: `mastodon.social` live, the emulator's address in the sandbox. */
  serverExample?: string;
  /** App registrations per instance; memory by default. */
  apps?: InstanceAppStore;
  fetch?: typeof fetch;
  timeoutMs?: number;
  mediaProcessingTimeoutMs?: number;
  now?: () => number;
}

export function createMastodonConnector(options: MastodonConnectorOptions): Connector & {
  listMentions(session: AccountSession, input: { cursor?: string }): Promise<CommentPage>;
} {
  const now = options.now ?? Date.now;
  const transport: MastodonTransport = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    uploadTimeoutMs: Math.max(options.timeoutMs ?? 30_000, 10 * 60_000),
    mediaProcessingTimeoutMs: options.mediaProcessingTimeoutMs ?? 10 * 60_000,
    now,
  };
  const instanceLimits = new InstanceLimitsCache(transport);
  const oauth = new MastodonOAuth({
    apps: options.apps ?? memoryAppStore(),
    registration: {
      clientName: options.clientName,
      website: options.website,
      scopes: MASTODON_SCOPES,
      timeoutMs: transport.timeoutMs,
      now,
    },
    allowHttp: options.environment === 'sandbox',
    fetch: transport.fetch,
  });

  async function accountFor(tokens: MastodonTokens): Promise<ConnectedAccount> {
    const masto = mastoFor(transport, tokens.server, tokens.accessToken);
    let me: mastodon.v1.AccountCredentials;
    try {
      me = await masto.call((client) => client.v1.accounts.verifyCredentials());
    } catch (error) {
      throw nothingPublished(classifyFailure(error, 'reading the connected account', now()));
    }
    const credentials: MastodonCredentials = {
      server: tokens.server,
      accessToken: tokens.accessToken,
      scope: tokens.scope,
      clientId: tokens.app.clientId,
      clientSecret: tokens.app.clientSecret,
      accountId: me.id,
      username: me.username,
      displayName: me.displayName,
      profileUrl: me.url,
      avatarUrl: me.avatar || undefined,
    };
    return connectedAccount(credentials);
  }

  function validate(content: VariantContent): VariantCheck {
    const check = checkVariantWithVideo(content, MASTODON_LIMITS, MASTODON_VIDEO_LIMITS, NETWORK_NAME);
    const problems = [...check.problems, ...statusOptionProblems(content.options)];
    // The content warning counts toward the instance's character limit, with the text.
    const warning = typeof content.options?.contentWarning === 'string' ? content.options.contentWarning : '';
    if (warning && check.measure.length <= check.measure.limit) {
      const both = measureText(`${warning}${content.text}`, MASTODON_LIMITS);
      if (both.length > both.limit) {
        problems.push({
          code: 'text_too_long',
          field: 'options.contentWarning',
          limit: both.limit,
          actual: both.length,
          message: `${NETWORK_NAME} counts the content warning with the text: together they are ${both.length} characters, over ${both.limit}`,
        });
      }
    }
    return { measure: check.measure, problems };
  }

  return {
    network: 'mastodon',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      publishing: 'api',
      text: true,
      images: true,
      video: true,
      // Mastodon builds the preview card of a link itself.
      linkCards: true,
      audienceTargeting: false,
      engagement: true,
      metrics: true,
    },
    limits: MASTODON_LIMITS,
    connect: {
      kind: 'oauth2',
      needsServer: { label: 'Your Mastodon instance', example: options.serverExample ?? 'mastodon.social' },
      begin: (input) => oauth.begin(input),
      complete: async (input) => accountFor(await oauth.complete(input)),
    },
    validate,
    // Mastodon tokens do not expire and there is no refresh token: the credentials stay as they are.
    async refresh(credentials: Credentials) {
      return connectedAccount(parseCredentials(credentials));
    },
    publish: (session, request) =>
      publishStatus({ transport, instanceLimits, limits: MASTODON_LIMITS }, session, request),
    listComments: (session, input) => listReplies(transport, session, input),
    replyToComment: (session, input) => replyTo(transport, session, input),
    readMetrics: (session, input) => readStatusMetrics(transport, session, input),
    listMentions: (session, input) => listMentions(transport, session, input),
  };
}
