import { rm } from 'node:fs/promises';
import { createYouTubeEmulator, type YouTubeEmulator, type YouTubeEmulatorOptions } from './emulator.js';

export { followConsent } from '../x/harness.js';

export interface RunningYouTubeEmulator extends YouTubeEmulator {
  /** `http://127.0.0.1:<port>`: API, upload, OAuth and web base at once. */
  baseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  close(): Promise<void>;
}

/**
 * Starts an emulator on a free port of 127.0.0.1, for tests over real HTTP. Its media folder is
 * removed on close unless the caller chose one.
 */
export async function startYouTubeEmulator(options: YouTubeEmulatorOptions): Promise<RunningYouTubeEmulator> {
  const emulator = createYouTubeEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...emulator,
    baseUrl,
    authorizeUrl: `${baseUrl}/o/oauth2/v2/auth`,
    tokenUrl: `${baseUrl}/token`,
    async close() {
      await emulator.app.close();
      if (!options.mediaDir) await rm(emulator.mediaDir, { recursive: true, force: true });
    },
  };
}
