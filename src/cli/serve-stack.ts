import type { Logger } from 'pino';
import { type RunningSandbox, startSandbox } from '../../sandbox/host.js';
import type { Config } from '../config/config.js';
import { buildConnectors, buildManualNetworks } from '../connectors/catalog.js';
import { type Crier, createCrier } from '../crier.js';
import { SANDBOX_META_APP, SANDBOX_X_CLIENT_ID, sandboxEndpointsFor, sandboxMetaEndpoints } from './local.js';

export interface CrierStack {
  crier: Crier;
  sandbox: RunningSandbox | undefined;
  /** Where the HTTP server listens. */
  address: string;
  close(): Promise<void>;
}

/** Everything `crier serve` runs: the sandbox emulators (when enabled), then Crier itself. */
export async function startCrierStack(config: Config, logger: Logger): Promise<CrierStack> {
  const sandbox = config.sandbox.enabled
    ? await startSandbox({
        host: config.host,
        xPort: config.sandbox.port,
        blueskyPort: config.sandbox.bluesky ? config.sandbox.blueskyPort : undefined,
        dataDir: config.dataDir,
        xClient: { clientId: SANDBOX_X_CLIENT_ID, redirectUri: `${config.publicUrl}/api/oauth/callback/x` },
        publishing: {
          ports: {
            pinterest: config.pinterest.sandboxPort,
            snapchat: config.snapchat.sandboxPort,
            mastodon: config.mastodon.sandboxPort,
          },
          crierUrl: config.publicUrl,
        },
        video: {
          ports: { youtube: config.youtube.sandboxPort, tiktok: config.tiktok.sandboxPort },
          crierUrl: config.publicUrl,
        },
        threadsLinkedIn: {
          ports: { threads: config.threads.sandboxPort, linkedin: config.linkedin.sandboxPort },
          crierUrl: config.publicUrl,
        },
        metaPort: config.sandbox.metaPort,
        metaApp: {
          ...SANDBOX_META_APP,
          redirectUris: ['facebook', 'instagram'].map((network) => `${config.publicUrl}/api/oauth/callback/${network}`),
        },
        logger: logger.child({ component: 'sandbox' }),
      })
    : undefined;
  const endpoints = sandboxEndpointsFor(config);
  const crier = await createCrier({
    config,
    logger,
    connectors: buildConnectors(
      config,
      endpoints && sandbox
        ? {
            ...endpoints,
            bluesky: sandbox.bluesky,
            meta: sandbox.metaUrl ? sandboxMetaEndpoints(sandbox.metaUrl) : undefined,
          }
        : endpoints,
    ),
    manualNetworks: buildManualNetworks(config),
    sandboxHints: sandbox?.hints,
  });
  const address = await crier.start();
  return {
    crier,
    sandbox,
    address,
    async close() {
      await crier.close();
      await sandbox?.close();
    },
  };
}
