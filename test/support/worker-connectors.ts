import { localPostPermalink, localProfileUrl } from '../../sandbox/bluesky/local-network.js';
import { createBlueskyConnector } from '../../src/connectors/bluesky/bluesky.connector.js';
import type { Connector, PostingRule } from '../../src/connectors/kit/connector.js';
import { createXConnector } from '../../src/connectors/x/x.connector.js';

/** How a test's worker processes reach its emulators: plain data, so it crosses a process boundary. */
export interface WorkerConnectors {
  x?: { url: string; clientId: string; timeoutMs: number; perAccount?: PostingRule; perApp?: PostingRule };
  bluesky?: { service: string; timeoutMs: number; perAccount?: PostingRule; perApp?: PostingRule };
}

export function xConnectorFor(x: NonNullable<WorkerConnectors['x']>): Connector {
  return createXConnector({
    environment: 'sandbox',
    clientId: x.clientId,
    apiBaseUrl: x.url,
    authorizeUrl: `${x.url}/i/oauth2/authorize`,
    webUrl: x.url,
    timeoutMs: x.timeoutMs,
    ...(x.perAccount || x.perApp ? { publishLimits: { perAccount: x.perAccount, perApp: x.perApp } } : {}),
  });
}

export function blueskyConnectorFor(bluesky: NonNullable<WorkerConnectors['bluesky']>): Connector {
  return createBlueskyConnector({
    environment: 'sandbox',
    defaultService: bluesky.service,
    permalink: localPostPermalink,
    profileUrl: localProfileUrl,
    timeoutMs: bluesky.timeoutMs,
    ...(bluesky.perAccount || bluesky.perApp
      ? { publishLimits: { perAccount: bluesky.perAccount, perApp: bluesky.perApp } }
      : {}),
  });
}
