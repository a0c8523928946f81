import type { VariantContent } from '../../core/content.js';
import type { Environment } from '../../core/networks.js';
import type { ConnectedAccount, Connector, Credentials } from '../kit/connector.js';
import type { LinkPreviewFetcher } from '../kit/link-preview.js';
import { accountsFor } from './accounts.js';
import { checkLinkedInVariant, LINKEDIN_LIMITS } from './content-rules.js';
import { NETWORK_NAME, parseLinkedInCredentials } from './credentials.js';
import { listLinkedInComments, readLinkedInMetrics, replyOnLinkedIn } from './engagement.js';
import { DEFAULT_VIDEO_WAIT, type VideoWait } from './media-upload.js';
import { LinkedInOAuth } from './oauth.js';
import { type LinkedInContext, publishLinkedInPost } from './publish.js';
import type { LinkedInTransport } from './rest-client.js';
import { renewLinkedInToken } from './session-tokens.js';
import { compileLinkedInTargeting } from './targeting.js';

export interface LinkedInConnectorOptions {
  environment: Environment;
  clientId: string;
  clientSecret: string;
  /** `https://api.linkedin.com` live. */
  apiUrl: string;
  /** `https://www.linkedin.com/oauth/v2` live. */
  oauthUrl: string;
  /** `https://www.linkedin.com` live: permalinks and pages. */
  webUrl: string;
  /** `LinkedIn-Version` (YYYYMM); LinkedIn serves each version for about a year. */
  apiVersion: string;
  linkPreview?: LinkPreviewFetcher;
  videoWait?: VideoWait;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export function createLinkedInConnector(options: LinkedInConnectorOptions): Connector {
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const webUrl = options.webUrl.replace(/\/$/, '');
  const transport: LinkedInTransport = {
    apiUrl: options.apiUrl.replace(/\/$/, ''),
    version: options.apiVersion,
    fetch: fetchImpl,
    timeoutMs,
    uploadTimeoutMs: Math.max(timeoutMs, 5 * 60_000),
    now,
  };
  const oauth = new LinkedInOAuth({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    oauthUrl: options.oauthUrl,
    fetch: fetchImpl,
    timeoutMs,
    now,
  });
  const context: LinkedInContext = {
    transport,
    oauth,
    webUrl,
    videoWait: options.videoWait ?? DEFAULT_VIDEO_WAIT,
    linkPreview: options.linkPreview,
  };

  return {
    network: 'linkedin',
    environment: options.environment,
    displayName: NETWORK_NAME,
    capabilities: {
      text: true,
      images: true,
      video: true,
      // Crier builds the article card (title, description, picture) from the linked page.
      linkCards: true,
      audienceTargeting: true,
      engagement: true,
      metrics: true,
    },
    limits: LINKEDIN_LIMITS,
    // linkedin.md: about 150 posts a day per member.
    publishLimits: { perAccount: { limit: 150, windowMs: 24 * 60 * 60_000 } },
    connect: {
      kind: 'oauth2',
      begin: async (input) => oauth.begin(input),
      complete: async (input) => accountsFor(transport, await oauth.exchangeCode(input), webUrl),
    },
    validate: (content: VariantContent) => checkLinkedInVariant(content),
    refresh: (credentials: Credentials): Promise<ConnectedAccount> =>
      renewLinkedInToken(oauth, parseLinkedInCredentials(credentials), webUrl, now),
    publish: (session, request) => publishLinkedInPost(context, session, request),
    compileTargeting: compileLinkedInTargeting,
    listComments: (session, input) => listLinkedInComments(context, session, input),
    replyToComment: (session, input) => replyOnLinkedIn(context, session, input),
    readMetrics: (session, input) => readLinkedInMetrics(context, session, input),
  };
}
