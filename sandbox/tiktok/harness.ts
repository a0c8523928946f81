import { rm } from 'node:fs/promises';
import { createTikTokEmulator, type TikTokEmulator, type TikTokEmulatorOptions } from './emulator.js';

export { followConsent } from '../x/harness.js';

export interface RunningTikTokEmulator extends TikTokEmulator {
  /** `http://127.0.0.1:<port>`: API, upload, OAuth and web base at once. */
  baseUrl: string;
  authorizeUrl: string;
  close(): Promise<void>;
}

/** Starts an emulator on a free port of 127.0.0.1; its media folder goes on close unless the caller chose one. */
export async function startTikTokEmulator(options: TikTokEmulatorOptions): Promise<RunningTikTokEmulator> {
  const emulator = createTikTokEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...emulator,
    baseUrl,
    authorizeUrl: `${baseUrl}/v2/auth/authorize/`,
    async close() {
      await emulator.app.close();
      if (!options.mediaDir) await rm(emulator.mediaDir, { recursive: true, force: true });
    },
  };
}
