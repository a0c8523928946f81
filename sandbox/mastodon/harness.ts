import { createMastodonEmulator, type MastodonEmulator, type MastodonEmulatorOptions } from './emulator.js';

export interface RunningMastodonEmulator extends MastodonEmulator {
  /** `http://127.0.0.1:<port>`: the instance. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts an instance on a free port of 127.0.0.1, for tests over real HTTP. */
export async function startMastodonEmulator(
  options: Omit<MastodonEmulatorOptions, 'publicUrl'> = {},
): Promise<RunningMastodonEmulator> {
  // The public URL is only known once listening, so the emulator is built on a reserved port.
  const probe = createMastodonEmulator({ ...options, publicUrl: 'http://127.0.0.1' });
  const reserved = await probe.app.listen({ host: '127.0.0.1', port: 0 });
  const port = new URL(reserved).port;
  await probe.app.close();
  const emulator = createMastodonEmulator({ ...options, publicUrl: `http://127.0.0.1:${port}` });
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: Number(port) });
  return { ...emulator, baseUrl, close: () => emulator.app.close() };
}
