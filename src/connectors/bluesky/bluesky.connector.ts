import { type AppBskyFeedPost, XRPCError } from '@atproto/api';
import type { VariantContent } from '../../core/content.js';
import { checkVariant } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import type { Environment } from '../../core/networks.js';
import type {
  AccountProfile,
  AccountSession,
  ConnectedAccount,
  Connector,
  Credentials,
  FindPublishedInput,
  PasswordLoginInput,
  PublishLimits,
  PublishRequest,
  PublishResult,
} from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { LinkPreviewFetcher } from '../kit/link-preview.js';
import { type BlueskyCredentials, parseCredentials, tokenExpiresAt } from './credentials.js';
import { imagesEmbed, linkCardEmbed } from './embeds.js';
import { isNotFound, NETWORK_NAME, toConnectorError } from './errors.js';
import { buildFacets, firstLink } from './facets.js';
import { recordKeyForPublication } from './record-key.js';
import {
  AccountClient,
  login,
  readProfileRecord,
  refreshSession,
  type SharedRenewal,
  type Transport,
} from './session.js';

export const POST_COLLECTION = 'app.bsky.feed.post';

/** Limits of app.bsky.feed.post and app.bsky.embed.images, plus Crier's own rule that images need alt text. */
export const BLUESKY_LIMITS: NetworkLimits = {
  maxTextLength: 300,
  textCounting: { kind: 'graphemes', maxBytes: 3000 },
  textOptionalWithMedia: true,
  media: {
    maxImages: 4,
    maxImageBytes: 2_000_000,
    imageMimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
    altTextRequired: true,
    maxAltTextLength: 2000,
  },
};

/**
 * The PDS's write budget per account is 5,000 points an hour at 3 points a post (1,666 posts). Its
 * other limit is 3,000 requests per 5 minutes per client address, counting every request; a post
 * takes one to three (mentions, images), so Crier budgets 1,000 posts per 5 minutes for all accounts.
 * (atproto packages/pds/src/rate-limits.ts)
 */
export const BLUESKY_PUBLISH_LIMITS: PublishLimits = {
  perAccount: { limit: 1666, windowMs: 60 * 60_000 },
  perApp: { limit: 1000, windowMs: 5 * 60_000 },
};

export interface PermalinkInput {
  service: string;
  did: string;
  handle: string;
  rkey: string;
  uri: string;
}

export interface BlueskyConnectorOptions {
  environment: Environment;
  /** The PDS offered on the connect screen (https://bsky.social live, the local PDS in the sandbox). */
  defaultService: string;
  /** Where people see a post: bsky.app live; the sandbox has no web app and passes its own. */
  permalink: (input: PermalinkInput) => string;
  /** Where people see an account; bsky.app by default. */
  profileUrl?: (input: { service: string; did: string; handle: string }) => string;
  /** Title, description and image for link cards; without it a card shows the link's host. */
  linkPreview?: LinkPreviewFetcher;
  fetch?: typeof fetch;
  /** Time limit of each request to the PDS. */
  timeoutMs?: number;
  /** The limits of the PDS this connector talks to; bsky.social's by default. */
  publishLimits?: PublishLimits;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Bluesky's web permalinks, for live accounts: https://bsky.app/profile/{handle}/post/{rkey}. */
export function blueskyAppPermalink(webUrl = 'https://bsky.app'): (input: PermalinkInput) => string {
  return (input) => `${webUrl}/profile/${input.handle}/post/${input.rkey}`;
}

export function createBlueskyConnector(options: BlueskyConnectorOptions): Connector {
  const transport: Transport = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const profileUrl = options.profileUrl ?? ((input) => `https://bsky.app/profile/${input.handle}`);

  async function connectedAccount(credentials: BlueskyCredentials): Promise<ConnectedAccount> {
    const record = await readProfileRecord(transport, credentials);
    const profile: AccountProfile = {
      remoteId: credentials.did,
      handle: credentials.handle,
      displayName: record.displayName ?? credentials.handle,
      profileUrl: profileUrl(credentials),
    };
    if (record.avatarUrl) profile.avatarUrl = record.avatarUrl;
    return withCredentials(profile, credentials);
  }

  function clientFor(session: AccountSession): AccountClient {
    return new AccountClient(
      transport,
      parseCredentials(session.credentials),
      (next) => session.saveCredentials(withCredentials({ ...session.profile, handle: next.handle }, next)),
      sharedRenewalOf(session),
    );
  }

  async function publish(session: AccountSession, request: PublishRequest): Promise<PublishResult> {
    const client = clientFor(session);
    const rkey = recordKeyForPublication(request.publicationId);

    let record: AppBskyFeedPost.Record;
    try {
      await client.ensureFresh();
      record = await buildRecord(client, request, options.linkPreview);
    } catch (error) {
      // Nothing is published before createRecord: a failure up to here is safe to retry.
      throw certainlyNotPublished(toConnectorError(error, 'preparing the post'));
    }

    try {
      const { data } = await client.call((agent) =>
        agent.com.atproto.repo.createRecord({ repo: client.did, collection: POST_COLLECTION, rkey, record }),
      );
      return result(client.current, data.uri, rkey);
    } catch (error) {
      const failure = toConnectorError(error, 'publishing');
      if (failure.errorClass !== 'transient' && failure.errorClass !== 'unknown_outcome') throw failure;
      // The PDS answers a second create at the same key with a bare 500, and a timed-out create may
      // have gone through: either way, a record at this publication's key is this publication.
      const existing = await findRecord(client, rkey);
      if (existing) return result(client.current, existing, rkey);
      throw failure;
    }
  }

  /**
   * Every attempt of a publication writes at one record key, so the record there, if any, is this
   * publication's post: the PDS answers with certainty either way.
   */
  async function findPublished(session: AccountSession, input: FindPublishedInput): Promise<PublishResult | undefined> {
    const client = clientFor(session);
    const rkey = recordKeyForPublication(input.publicationId);
    try {
      await client.ensureFresh();
      const { data } = await client.call((agent) =>
        agent.com.atproto.repo.getRecord({ repo: client.did, collection: POST_COLLECTION, rkey }),
      );
      return result(client.current, data.uri, rkey);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      // A read publishes nothing: no answer only means "cannot tell now".
      throw certainlyNotPublished(toConnectorError(error, 'looking for the post'));
    }
  }

  function result(credentials: BlueskyCredentials, uri: string, rkey: string): PublishResult {
    const { service, did, handle } = credentials;
    return { remoteId: uri, permalink: options.permalink({ service, did, handle, rkey, uri }) };
  }

  return {
    network: 'bluesky',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      text: true,
      images: true,
      video: false,
      linkCards: true,
      audienceTargeting: false,
      engagement: false,
      metrics: false,
    },
    limits: BLUESKY_LIMITS,
    publishLimits: options.publishLimits ?? BLUESKY_PUBLISH_LIMITS,
    connect: {
      kind: 'password',
      defaultService: options.defaultService,
      secretLabel: 'App password',
      async login(input: PasswordLoginInput): Promise<ConnectedAccount> {
        const service = normalizeService(input.service?.trim() || options.defaultService);
        const credentials = await login(transport, service, input.identifier.trim().replace(/^@/, ''), input.password);
        return connectedAccount(credentials);
      },
    },
    validate(content: VariantContent) {
      return checkVariant(content, BLUESKY_LIMITS, NETWORK_NAME);
    },
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      return connectedAccount(await refreshSession(transport, parseCredentials(credentials)));
    },
    publish,
    findPublished,
  };
}

/** The session's cross-process renewal, in this connector's credential shape. */
function sharedRenewalOf(session: AccountSession): SharedRenewal | undefined {
  const renewShared = session.renewCredentials?.bind(session);
  if (!renewShared) return undefined;
  return async (stale, refresh) =>
    parseCredentials(
      await renewShared(stale, async (current) => {
        const next = await refresh(parseCredentials(current));
        return withCredentials({ ...session.profile, handle: next.handle }, next);
      }),
    );
}

async function buildRecord(
  client: AccountClient,
  request: PublishRequest,
  linkPreview: LinkPreviewFetcher | undefined,
): Promise<AppBskyFeedPost.Record> {
  const facets = await buildFacets(request.text, (handle) => client.resolveHandle(handle));
  const record: AppBskyFeedPost.Record = {
    $type: POST_COLLECTION,
    text: request.text,
    createdAt: new Date().toISOString(),
  };
  if (facets.length > 0) record.facets = facets;
  if (request.media.length > 0) {
    record.embed = await imagesEmbed(client, request.media);
  } else {
    const link = firstLink(facets);
    if (link) record.embed = await linkCardEmbed(client, link, linkPreview);
  }
  return record;
}

/** The URI of the record at `rkey`, or undefined when there is none (or it cannot be read now). */
async function findRecord(client: AccountClient, rkey: string): Promise<string | undefined> {
  try {
    const { data } = await client.call((agent) =>
      agent.com.atproto.repo.getRecord({ repo: client.did, collection: POST_COLLECTION, rkey }),
    );
    return data.uri;
  } catch (error) {
    // RecordNotFound: no attempt wrote it. Any other answer: the PDS cannot say right now. Either way
    // the failure of the create itself is what the caller reports.
    if (isNotFound(error) || error instanceof XRPCError) return undefined;
    throw error;
  }
}

function withCredentials(profile: AccountProfile, credentials: BlueskyCredentials): ConnectedAccount {
  const account: ConnectedAccount = { profile, credentials: { ...credentials } };
  const expiresAt = tokenExpiresAt(credentials.accessJwt);
  if (expiresAt !== undefined) account.expiresAt = expiresAt;
  return account;
}

/** Before the write, even a timeout cannot have published anything. */
function certainlyNotPublished(error: ConnectorError): ConnectorError {
  if (error.errorClass !== 'unknown_outcome') return error;
  const reason = error.networkMessage ?? 'no answer';
  return new ConnectorError('transient', `${NETWORK_NAME} did not answer while the post was prepared (${reason})`, {
    networkMessage: error.networkMessage,
    status: error.status,
    networkCode: error.networkCode,
    cause: error,
  });
}

function normalizeService(value: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `https://${value}`);
  } catch (error) {
    throw new ConnectorError('invalid_content', `"${value}" is not a server address`, { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConnectorError('invalid_content', `A ${NETWORK_NAME} server address starts with https://`);
  }
  return url.origin;
}
