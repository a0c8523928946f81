import type { VariantContent } from '../../core/content.js';
import type { Environment } from '../../core/networks.js';
import type { ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { PublicMediaUrls } from '../kit/public-media.js';
import { beforePublishing, callGraph, type GraphTransport, stringField } from '../meta/graph-client.js';
import { DEFAULT_PROCESSING_WAIT, type ProcessingWait } from '../meta/processing.js';
import { checkThreadsVariant, THREADS_LIMITS } from './content-rules.js';
import { NETWORK_NAME, parseThreadsCredentials, type ThreadsCredentials, threadsAccount } from './credentials.js';
import { listThreadsReplies, readThreadsMetrics, replyOnThreads } from './engagement.js';
import { ThreadsOAuth, type ThreadsToken } from './oauth.js';
import { findPublishedThread, publishThread } from './publish.js';
import { renewThreadsToken } from './session-tokens.js';
import { compileThreadsTargeting } from './targeting.js';

/** The Graph API version Crier speaks to Threads. */
export const THREADS_API_VERSION = 'v1.0';

export interface ThreadsConnectorOptions {
  environment: Environment;
  /** The Threads app id and secret (App Dashboard › Threads use case). */
  appId: string;
  appSecret: string;
  /** `https://graph.threads.net` live; the emulator's address in the sandbox. */
  graphHostUrl: string;
  /** `https://threads.net/oauth/authorize` live. */
  authorizeUrl: string;
  /** Where people see profiles: `https://www.threads.net` live. */
  webUrl: string;
  /** Where Threads can fetch photos and videos; without it Crier posts text only. */
  mediaUrls?: PublicMediaUrls;
  /** How long to wait for Threads to process a container; Meta suggests up to 5 minutes. */
  containerWait?: ProcessingWait;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export function createThreadsConnector(options: ThreadsConnectorOptions): Connector {
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const host = options.graphHostUrl.replace(/\/$/, '');
  const webUrl = options.webUrl.replace(/\/$/, '');
  const transport: GraphTransport = {
    graphUrl: `${host}/${THREADS_API_VERSION}`,
    // Threads takes no byte uploads: media comes by URL. The field is part of Meta's shared transport.
    ruploadUrl: host,
    version: THREADS_API_VERSION,
    appId: options.appId,
    fetch: fetchImpl,
    timeoutMs,
    uploadTimeoutMs: timeoutMs,
    now,
    networkName: NETWORK_NAME,
  };
  const oauth = new ThreadsOAuth({
    appId: options.appId,
    appSecret: options.appSecret,
    authorizeUrl: options.authorizeUrl,
    graphHostUrl: host,
    fetch: fetchImpl,
    timeoutMs,
    now,
  });
  const context = { transport, oauth, webUrl, containerWait: options.containerWait ?? DEFAULT_PROCESSING_WAIT };
  const mediaHosting = options.mediaUrls !== undefined;

  /** Who the new token belongs to: the id comes from /me as a string, never from the token answer. */
  async function accountFor(token: ThreadsToken): Promise<ConnectedAccount> {
    const me = await beforePublishing(NETWORK_NAME, () =>
      callGraph(transport, {
        method: 'GET',
        path: '/me',
        accessToken: token.accessToken,
        params: { fields: 'id,username,name,threads_profile_picture_url' },
        action: 'reading the connected profile',
      }),
    );
    const userId = stringField(me, 'id');
    const username = stringField(me, 'username');
    if (!userId || !username)
      throw new ConnectorError('transient', `${NETWORK_NAME} did not say which profile was connected`);
    const credentials: ThreadsCredentials = {
      accessToken: token.accessToken,
      issuedAt: token.issuedAt,
      expiresAt: token.expiresAt,
      scope: '',
      userId,
      username,
      displayName: stringField(me, 'name') ?? username,
      avatarUrl: stringField(me, 'threads_profile_picture_url'),
    };
    return threadsAccount(credentials, webUrl);
  }

  return {
    network: 'threads',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      text: true,
      images: mediaHosting,
      video: mediaHosting,
      // A text post's link gets Threads' card through `link_attachment`.
      linkCards: true,
      audienceTargeting: true,
      engagement: true,
      metrics: true,
    },
    limits: THREADS_LIMITS,
    // threads.md: 250 posts per account per rolling 24 hours.
    publishLimits: { perAccount: { limit: 250, windowMs: 24 * 60 * 60_000 } },
    connect: {
      kind: 'oauth2',
      begin: async (input) => oauth.begin(input),
      complete: async (input) => accountFor(await oauth.exchangeCode(input)),
    },
    validate: (content: VariantContent) => checkThreadsVariant(content, mediaHosting),
    async refresh(credentials: Credentials): Promise<ConnectedAccount> {
      const current = parseThreadsCredentials(credentials);
      if (current.expiresAt <= now()) {
        throw new ConnectorError(
          'auth',
          `The ${NETWORK_NAME} access token lapsed and cannot be renewed; connect the account again`,
        );
      }
      return renewThreadsToken(oauth, current, webUrl);
    },
    publish: (session, request) => publishThread({ ...context, mediaUrls: options.mediaUrls }, session, request),
    findPublished: (session, input) => findPublishedThread(context, session, input),
    compileTargeting: compileThreadsTargeting,
    listComments: (session, input) => listThreadsReplies(context, session, input),
    replyToComment: (session, input) => replyOnThreads(context, session, input),
    readMetrics: (session, input) => readThreadsMetrics(context, session, input),
  };
}
