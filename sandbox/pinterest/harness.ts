import { createPinterestEmulator, type PinterestEmulator, type PinterestEmulatorOptions } from './emulator.js';

export interface RunningPinterestEmulator extends PinterestEmulator {
  baseUrl: string;
  apiBaseUrl: string;
  authorizeUrl: string;
  close(): Promise<void>;
}

/** Starts a Pinterest emulator on a free port of 127.0.0.1, for tests over real HTTP. */
export async function startPinterestEmulator(
  options: Omit<PinterestEmulatorOptions, 'publicUrl'>,
): Promise<RunningPinterestEmulator> {
  // The upload URL it hands out needs its own address, known only once it listens: reserve a port first.
  const probe = createPinterestEmulator({ ...options, publicUrl: 'http://127.0.0.1' });
  const port = new URL(await probe.app.listen({ host: '127.0.0.1', port: 0 })).port;
  await probe.app.close();
  const emulator = createPinterestEmulator({ ...options, publicUrl: `http://127.0.0.1:${port}` });
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: Number(port) });
  return {
    ...emulator,
    baseUrl,
    apiBaseUrl: `${baseUrl}/v5`,
    authorizeUrl: `${baseUrl}/oauth/`,
    close: () => emulator.app.close(),
  };
}
