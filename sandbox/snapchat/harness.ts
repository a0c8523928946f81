import { createSnapchatEmulator, type SnapchatEmulator, type SnapchatEmulatorOptions } from './emulator.js';

export interface RunningSnapchatEmulator extends SnapchatEmulator {
  baseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  close(): Promise<void>;
}

/** Starts a Snapchat emulator on a free port of 127.0.0.1, for tests over real HTTP. */
export async function startSnapchatEmulator(options: SnapchatEmulatorOptions): Promise<RunningSnapchatEmulator> {
  const emulator = createSnapchatEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...emulator,
    baseUrl,
    authorizeUrl: `${baseUrl}/login/oauth2/authorize`,
    tokenUrl: `${baseUrl}/login/oauth2/access_token`,
    close: () => emulator.app.close(),
  };
}
