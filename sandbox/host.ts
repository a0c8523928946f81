import path from 'node:path';
import type { Logger } from 'pino';
import { type LocalBluesky, startLocalBluesky } from './bluesky/local-network.js';
import { createGraphEmulator } from './facebook/emulator.js';
import { type EmulatorPorts, startPinterestSnapchatMastodon } from './pinterest-snapchat-mastodon.js';
import { startThreadsLinkedIn, type ThreadsLinkedInPorts } from './threads-linkedin.js';
import { createXEmulator } from './x/emulator.js';
import { startYouTubeTikTok, type VideoEmulatorPorts } from './youtube-tiktok.js';

export interface SandboxHostOptions {
  host: string;
  xPort: number;
  /** Port of the local Bluesky PDS; undefined leaves Bluesky out of the sandbox. */
  blueskyPort?: number;
  dataDir: string;
  /** Crier registered as an app with the X emulator, as it would be in X's developer portal. */
  xClient: { clientId: string; redirectUri: string };
  /** Port of the Graph API emulator (Facebook Pages and Instagram); undefined leaves them out. */
  metaPort?: number;
  /** Crier registered as a Meta app with the Graph emulator, with its callbacks. */
  metaApp?: { appId: string; appSecret: string; redirectUris: string[] };
  /** Ports of the Pinterest, Snapchat and Mastodon emulators, and Crier's URL for their callbacks. */
  publishing?: { ports: EmulatorPorts; crierUrl: string };
  /** Ports of the Threads and LinkedIn emulators, and Crier's URL for their callbacks. */
  threadsLinkedIn?: { ports: ThreadsLinkedInPorts; crierUrl: string };
  /** Ports of the YouTube and TikTok emulators, and Crier's URL for their callbacks. */
  video?: { ports: VideoEmulatorPorts; crierUrl: string };
  logger: Logger;
}

export interface RunningSandbox {
  xUrl: string;
  bluesky?: { pdsUrl: string };
  /** Where the Graph emulator answers (its port may have been chosen by the system). */
  metaUrl?: string;
  /** Ready-made sandbox credentials the connect screen offers (the Bluesky demo account's app password). */
  hints: { bluesky?: { identifier: string; password: string } };
  close(): Promise<void>;
}

/**
 * Starts the local emulators beside Crier: the X emulator (state kept in the data folder) and, when
 * asked, a real Bluesky PDS in process. A Bluesky network that fails to start is reported and left
 * out; the rest of Crier still runs.
 */
export async function startSandbox(options: SandboxHostOptions): Promise<RunningSandbox> {
  const xUrl = `http://localhost:${options.xPort}`;
  const x = createXEmulator({
    publicUrl: xUrl,
    clients: [{ clientId: options.xClient.clientId, redirectUris: [options.xClient.redirectUri] }],
    users: [{ username: 'crier_sandbox', name: 'Crier Sandbox' }],
    stateFile: path.join(options.dataDir, 'sandbox', 'x-state.json'),
  });
  const xAddress = await x.app.listen({ host: options.host, port: options.xPort });
  options.logger.info({ url: xAddress }, 'X emulator (sandbox) is listening');
  const publishing = options.publishing
    ? await startPinterestSnapchatMastodon({
        host: options.host,
        dataDir: options.dataDir,
        logger: options.logger,
        ...options.publishing,
      })
    : undefined;
  const video = options.video
    ? await startYouTubeTikTok({
        host: options.host,
        dataDir: options.dataDir,
        logger: options.logger,
        ...options.video,
      })
    : undefined;

  const threadsLinkedIn = options.threadsLinkedIn
    ? await startThreadsLinkedIn({
        host: options.host,
        dataDir: options.dataDir,
        logger: options.logger,
        ...options.threadsLinkedIn,
      })
    : undefined;

  let meta: ReturnType<typeof createGraphEmulator> | undefined;
  let metaUrl: string | undefined;
  if (options.metaPort !== undefined && options.metaApp) {
    meta = createGraphEmulator({
      apps: [options.metaApp],
      people: ['Crier Sandbox'],
      stateFile: path.join(options.dataDir, 'sandbox', 'meta-state.json'),
    });
    const address = await meta.app.listen({ host: options.host, port: options.metaPort });
    metaUrl = `http://localhost:${new URL(address).port}`;
    meta.setPublicUrl(metaUrl);
    options.logger.info({ url: address }, 'Facebook and Instagram (Graph API) emulator (sandbox) is listening');
  }

  let bluesky: LocalBluesky | undefined;
  if (options.blueskyPort !== undefined) {
    const started = Date.now();
    try {
      bluesky = await startLocalBluesky({
        pdsPort: options.blueskyPort,
        tmpDir: path.join(options.dataDir, 'sandbox'),
      });
      options.logger.info(
        { url: bluesky.pdsUrl, ms: Date.now() - started, demo: bluesky.demoAccount.handle },
        'local Bluesky PDS (sandbox) is running',
      );
    } catch (error) {
      options.logger.error(
        { err: error },
        'the local Bluesky PDS did not start; sandbox Bluesky is unavailable (set CRIER_SANDBOX_BLUESKY=false to skip it)',
      );
    }
  }

  return {
    xUrl,
    bluesky: bluesky ? { pdsUrl: bluesky.pdsUrl } : undefined,
    metaUrl,
    hints: bluesky
      ? { bluesky: { identifier: bluesky.demoAccount.handle, password: bluesky.demoAccount.password } }
      : {},
    async close() {
      await x.app.close();
      await publishing?.close();
      await threadsLinkedIn?.close();
      await video?.close();
      await meta?.app.close();
      await bluesky?.close();
    },
  };
}
