import { localPostPermalink, localProfileUrl } from '../../sandbox/bluesky/local-network.js';
import type { Config } from '../config/config.js';
import { blueskyAppPermalink, createBlueskyConnector } from './bluesky/bluesky.connector.js';
import type { Connector } from './kit/connector.js';
import { createLinkPreviewFetcher } from './kit/link-preview.js';
import { createXConnector } from './x/x.connector.js';

/** Where the local emulators answer, when the sandbox runs. */
export interface SandboxEndpoints {
  x: { apiBaseUrl: string; authorizeUrl: string; webUrl: string; clientId: string };
  bluesky?: { pdsUrl: string };
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
  if (sandbox) {
    connectors.push(createXConnector({ environment: 'sandbox', ...sandbox.x }));
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
