import { localPostPermalink, localProfileUrl } from '../../sandbox/bluesky/local-network.js';
import type { Config } from '../config/config.js';
import { blueskyAppPermalink, createBlueskyConnector } from './bluesky/bluesky.connector.js';
import { createFacebookConnector } from './facebook/facebook.connector.js';
import { createInstagramConnector } from './instagram/instagram.connector.js';
import type { Connector } from './kit/connector.js';
import { createLinkPreviewFetcher } from './kit/link-preview.js';
import { createXConnector } from './x/x.connector.js';

/** Where the local emulators answer, when the sandbox runs. */
export interface SandboxEndpoints {
  x: { apiBaseUrl: string; authorizeUrl: string; webUrl: string; clientId: string };
  bluesky?: { pdsUrl: string };
  /** The Graph API emulator serving Facebook Pages and Instagram, and Crier's app registered there. */
  meta?: { graphUrl: string; dialogUrl: string; ruploadUrl: string; webUrl: string; appId: string; appSecret: string };
}

/**
 * The connectors this Crier offers: live ones from configuration (X needs an app's client id; Bluesky
 * works with any PDS and an app password), and sandbox ones pointing at the local emulators.
 */
export function buildConnectors(config: Config, sandbox: SandboxEndpoints | undefined): Connector[] {
  const connectors: Connector[] = [];
  const linkPreview = createLinkPreviewFetcher({});
  if (config.x.clientId) {
    connectors.push(
      createXConnector({
        environment: 'live',
        clientId: config.x.clientId,
        clientSecret: config.x.clientSecret,
        apiBaseUrl: config.x.apiBaseUrl,
        authorizeUrl: config.x.authorizeUrl,
        webUrl: config.x.webUrl,
      }),
    );
  }
  connectors.push(
    createBlueskyConnector({
      environment: 'live',
      defaultService: config.bluesky.service,
      permalink: blueskyAppPermalink(config.bluesky.webUrl),
      profileUrl: ({ handle }) => `${config.bluesky.webUrl}/profile/${handle}`,
      linkPreview,
    }),
  );
  const { meta } = config;
  if (meta.appId && meta.appSecret) {
    const live = {
      environment: 'live' as const,
      appId: meta.appId,
      appSecret: meta.appSecret,
      graphUrl: meta.graphUrl,
      dialogUrl: meta.dialogUrl,
      ruploadUrl: meta.ruploadUrl,
    };
    connectors.push(createFacebookConnector({ ...live, webUrl: meta.facebookWebUrl }));
    connectors.push(createInstagramConnector({ ...live, webUrl: meta.instagramWebUrl }));
  }
  if (sandbox) {
    connectors.push(createXConnector({ environment: 'sandbox', ...sandbox.x }));
    if (sandbox.meta) {
      const { webUrl, ...graph } = sandbox.meta;
      connectors.push(createFacebookConnector({ environment: 'sandbox', ...graph, webUrl: `${webUrl}/web/facebook` }));
      connectors.push(
        createInstagramConnector({ environment: 'sandbox', ...graph, webUrl: `${webUrl}/web/instagram` }),
      );
    }
    if (sandbox.bluesky) {
      connectors.push(
        createBlueskyConnector({
          environment: 'sandbox',
          defaultService: sandbox.bluesky.pdsUrl,
          permalink: localPostPermalink,
          profileUrl: localProfileUrl,
          linkPreview,
        }),
      );
    }
  }
  return connectors;
}
