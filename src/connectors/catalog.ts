import { localPostPermalink, localProfileUrl } from '../../sandbox/bluesky/local-network.js';
import { emulatorAddresses } from '../../sandbox/pinterest-snapchat-mastodon.js';
import { threadsLinkedInAddresses } from '../../sandbox/threads-linkedin.js';
import { videoEmulatorAddresses } from '../../sandbox/youtube-tiktok.js';
import type { Config } from '../config/config.js';
import { blueskyAppPermalink, createBlueskyConnector } from './bluesky/bluesky.connector.js';
import { createFacebookConnector } from './facebook/facebook.connector.js';
import { createInstagramConnector } from './instagram/instagram.connector.js';
import type { Connector, ManualNetwork } from './kit/connector.js';
import { createGuardedFetch } from './kit/guarded-fetch.js';
import { createLinkPreviewFetcher } from './kit/link-preview.js';
import { fileDropMediaUrls } from './kit/public-media.js';
import { createLinkedInConnector } from './linkedin/linkedin.connector.js';
import { createMastodonConnector } from './mastodon/mastodon.connector.js';
import { createPinterestConnector } from './pinterest/pinterest.connector.js';
import { snapchatManualNetwork } from './snapchat/manual.js';
import { createSnapchatConnector } from './snapchat/snapchat.connector.js';
import { createThreadsConnector } from './threads/threads.connector.js';
import { createTikTokConnector } from './tiktok/tiktok.connector.js';
import { createXConnector } from './x/x.connector.js';
import { createYouTubeConnector } from './youtube/youtube.connector.js';

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
  const guardedFetch = createGuardedFetch();
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
      // a person may type any PDS: never let it point Crier at its own network
      fetch: guardedFetch,
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
  connectors.push(...pinterestSnapchatMastodon(config, sandbox !== undefined));
  connectors.push(...threadsLinkedIn(config, sandbox !== undefined));
  connectors.push(...youtubeTikTok(config, sandbox !== undefined));
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

/**
 * Pinterest and Snapchat live when their apps are configured (Snapchat's must be allowlisted by
 * Snap), Mastodon live always (Crier registers itself on each instance), and all three in the
 * sandbox against their emulators.
 */
function pinterestSnapchatMastodon(config: Config, withSandbox: boolean): Connector[] {
  const connectors: Connector[] = [];
  const { pinterest, snapchat, mastodon } = config;
  if (pinterest.clientId && pinterest.clientSecret) {
    connectors.push(
      createPinterestConnector({
        environment: 'live',
        clientId: pinterest.clientId,
        clientSecret: pinterest.clientSecret,
        apiBaseUrl: pinterest.apiBaseUrl,
        authorizeUrl: pinterest.authorizeUrl,
        webUrl: pinterest.webUrl,
        continuousRefresh: pinterest.continuousRefresh,
      }),
    );
  }
  if (snapchat.clientId && snapchat.clientSecret) {
    const { sandboxPort: _port, ...live } = snapchat;
    connectors.push(
      createSnapchatConnector({
        environment: 'live',
        ...live,
        clientId: snapchat.clientId,
        clientSecret: snapchat.clientSecret,
      }),
    );
  }
  connectors.push(
    createMastodonConnector({
      environment: 'live',
      clientName: mastodon.clientName,
      website: mastodon.website,
      // the instance is whatever host a person types: never let it point Crier at its own network
      fetch: createGuardedFetch(),
    }),
  );
  if (withSandbox) {
    const emulators = emulatorAddresses({
      pinterest: pinterest.sandboxPort,
      snapchat: snapchat.sandboxPort,
      mastodon: mastodon.sandboxPort,
    });
    connectors.push(createPinterestConnector({ environment: 'sandbox', ...emulators.pinterest }));
    connectors.push(createSnapchatConnector({ environment: 'sandbox', ...emulators.snapchat }));
    connectors.push(
      createMastodonConnector({
        environment: 'sandbox',
        clientName: mastodon.clientName,
        serverExample: emulators.mastodon.instanceUrl,
      }),
    );
  }
  return connectors;
}

/**
 * YouTube and TikTok live when their apps are configured, and both in the sandbox against their
 * emulators. TikTok photo posts need public photo addresses on a verified domain, which Crier does
 * not serve yet, so TikTok takes videos only.
 */
function youtubeTikTok(config: Config, withSandbox: boolean): Connector[] {
  const connectors: Connector[] = [];
  const { youtube, tiktok } = config;
  const quota = { dailyUnits: youtube.dailyQuotaUnits, uploadsPerDay: youtube.uploadsPerDay };
  if (youtube.clientId && youtube.clientSecret) {
    const { sandboxPort: _port, dailyQuotaUnits: _units, uploadsPerDay: _uploads, ...live } = youtube;
    connectors.push(
      createYouTubeConnector({
        environment: 'live',
        ...live,
        clientId: youtube.clientId,
        clientSecret: youtube.clientSecret,
        quota,
      }),
    );
  }
  if (tiktok.clientKey && tiktok.clientSecret) {
    const { sandboxPort: _port, ...live } = tiktok;
    connectors.push(
      createTikTokConnector({
        environment: 'live',
        ...live,
        clientKey: tiktok.clientKey,
        clientSecret: tiktok.clientSecret,
      }),
    );
  }
  if (withSandbox) {
    const emulators = videoEmulatorAddresses({ youtube: youtube.sandboxPort, tiktok: tiktok.sandboxPort });
    connectors.push(createYouTubeConnector({ environment: 'sandbox', ...emulators.youtube, quota }));
    connectors.push(createTikTokConnector({ environment: 'sandbox', ...emulators.tiktok }));
  }
  return connectors;
}

/**
 * Threads and LinkedIn live when their apps are configured, and both in the sandbox against their
 * emulators. Threads fetches photos and videos from a public address, which Crier does not serve yet:
 * live Threads posts text (with link cards) only; in the sandbox the emulator's file drop stands in.
 */
function threadsLinkedIn(config: Config, withSandbox: boolean): Connector[] {
  const connectors: Connector[] = [];
  const { threads, linkedin } = config;
  if (threads.appId && threads.appSecret) {
    connectors.push(
      createThreadsConnector({
        environment: 'live',
        appId: threads.appId,
        appSecret: threads.appSecret,
        graphHostUrl: threads.graphUrl,
        authorizeUrl: threads.authorizeUrl,
        webUrl: threads.webUrl,
      }),
    );
  }
  if (linkedin.clientId && linkedin.clientSecret) {
    const { sandboxPort: _port, ...live } = linkedin;
    connectors.push(
      createLinkedInConnector({
        environment: 'live',
        ...live,
        clientId: linkedin.clientId,
        clientSecret: linkedin.clientSecret,
        linkPreview: createLinkPreviewFetcher({}),
      }),
    );
  }
  if (withSandbox) {
    const emulators = threadsLinkedInAddresses({ threads: threads.sandboxPort, linkedin: linkedin.sandboxPort });
    connectors.push(
      createThreadsConnector({
        environment: 'sandbox',
        ...emulators.threads,
        mediaUrls: fileDropMediaUrls({ emulatorUrl: emulators.threads.graphHostUrl, networkName: 'Threads' }),
      }),
    );
    connectors.push(
      createLinkedInConnector({ environment: 'sandbox', ...emulators.linkedin, apiVersion: linkedin.apiVersion }),
    );
  }
  return connectors;
}

/**
 * Networks Crier cannot post to through an official API in this configuration, offered honestly as
 * manual: Snapchat when no allowlisted app is configured.
 */
export function buildManualNetworks(config: Config): ManualNetwork[] {
  return config.snapchat.clientId && config.snapchat.clientSecret ? [] : [snapchatManualNetwork()];
}
