import path from 'node:path';
import type { Logger } from 'pino';
import { createTikTokEmulator } from './tiktok/emulator.js';
import { createYouTubeEmulator } from './youtube/emulator.js';

/** Crier as registered with the YouTube (Google Cloud client) and TikTok (developer portal app) emulators. */
export const SANDBOX_VIDEO_APPS = {
  youtube: { clientId: 'crier-sandbox.apps.googleusercontent.com', clientSecret: 'crier-sandbox-google-secret' },
  tiktok: { clientKey: 'crier-sandbox', clientSecret: 'crier-sandbox-tiktok-secret' },
} as const;

export interface VideoEmulatorPorts {
  youtube: number;
  tiktok: number;
}

/** Where each emulator answers, derived from its port, so the catalog and the host agree. */
export function videoEmulatorAddresses(ports: VideoEmulatorPorts) {
  const youtube = `http://localhost:${ports.youtube}`;
  const tiktok = `http://localhost:${ports.tiktok}`;
  return {
    youtube: {
      apiBaseUrl: youtube,
      authorizeUrl: `${youtube}/o/oauth2/v2/auth`,
      tokenUrl: `${youtube}/token`,
      webUrl: youtube,
      ...SANDBOX_VIDEO_APPS.youtube,
    },
    tiktok: {
      apiBaseUrl: tiktok,
      authorizeUrl: `${tiktok}/v2/auth/authorize/`,
      webUrl: tiktok,
      ...SANDBOX_VIDEO_APPS.tiktok,
    },
  };
}

/**
 * Starts the YouTube and TikTok emulators beside Crier, their state and uploaded media in the data
 * folder. YouTube's quota is counted per channel here, as Crier counts it, so each sandbox channel
 * rehearses its own day; TikTok's app counts as audited, so every privacy level can be rehearsed.
 */
export async function startYouTubeTikTok(options: {
  host: string;
  ports: VideoEmulatorPorts;
  /** Crier's public URL, for the OAuth callbacks registered with the emulators. */
  crierUrl: string;
  dataDir: string;
  logger: Logger;
}): Promise<{ close(): Promise<void> }> {
  const addresses = videoEmulatorAddresses(options.ports);
  const folder = path.join(options.dataDir, 'sandbox');
  const callback = (network: string) => `${options.crierUrl}/api/oauth/callback/${network}`;
  const youtube = createYouTubeEmulator({
    publicUrl: addresses.youtube.webUrl,
    clients: [{ ...SANDBOX_VIDEO_APPS.youtube, redirectUris: [callback('youtube')], name: 'Crier' }],
    channels: [{ username: 'crier_sandbox', title: 'Crier Sandbox' }],
    stateFile: path.join(folder, 'youtube-state.json'),
    mediaDir: path.join(folder, 'youtube-media'),
    quota: { scope: 'channel' },
  });
  const tiktok = createTikTokEmulator({
    publicUrl: addresses.tiktok.webUrl,
    clients: [{ ...SANDBOX_VIDEO_APPS.tiktok, redirectUris: [callback('tiktok')], name: 'Crier', audited: true }],
    creators: [{ username: 'crier_sandbox', nickname: 'Crier Sandbox' }],
    stateFile: path.join(folder, 'tiktok-state.json'),
    mediaDir: path.join(folder, 'tiktok-media'),
  });
  const started: Array<{ close(): Promise<void> }> = [];
  for (const [name, emulator, port] of [
    ['YouTube', youtube, options.ports.youtube],
    ['TikTok', tiktok, options.ports.tiktok],
  ] as const) {
    const url = await emulator.app.listen({ host: options.host, port });
    started.push(emulator.app);
    options.logger.info({ url }, `${name} emulator (sandbox) is listening`);
  }
  return {
    async close() {
      await Promise.all(started.map((app) => app.close()));
    },
  };
}
