import { submitConsentPage } from '../common/consent-browser.js';
import { createThreadsEmulator, type ThreadsEmulator, type ThreadsEmulatorOptions } from './emulator.js';

export interface RunningThreadsEmulator extends ThreadsEmulator {
  /** `http://127.0.0.1:<port>`: Graph host, authorization host and web host at once. */
  baseUrl: string;
  authorizeUrl: string;
  close(): Promise<void>;
}

/** Starts an emulator on a free port of 127.0.0.1, for tests over real HTTP. */
export async function startThreadsEmulator(options: ThreadsEmulatorOptions): Promise<RunningThreadsEmulator> {
  const emulator = createThreadsEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  return { ...emulator, baseUrl, authorizeUrl: `${baseUrl}/oauth/authorize`, close: () => emulator.app.close() };
}

/**
 * Does what a person does in the browser: opens the authorization window, types a sandbox username
 * and clicks Allow (or Cancel). Returns the URL Threads sends the browser back to.
 */
export function followThreadsConsent(
  authorizeUrl: string,
  username: string,
  decision: 'authorize' | 'cancel' = 'authorize',
): Promise<URL> {
  return submitConsentPage(authorizeUrl, { username }, decision);
}
