import { submitConsentPage } from '../common/consent-browser.js';
import { createLinkedInEmulator, type LinkedInEmulator, type LinkedInEmulatorOptions } from './emulator.js';

export interface RunningLinkedInEmulator extends LinkedInEmulator {
  /** `http://127.0.0.1:<port>`: www.linkedin.com and api.linkedin.com at once. */
  baseUrl: string;
  authorizeUrl: string;
  close(): Promise<void>;
}

export async function startLinkedInEmulator(options: LinkedInEmulatorOptions): Promise<RunningLinkedInEmulator> {
  const emulator = createLinkedInEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  return { ...emulator, baseUrl, authorizeUrl: `${baseUrl}/oauth/v2/authorization`, close: () => emulator.app.close() };
}

/** Signs in on the consent page as a sandbox member and allows (or cancels); returns the callback URL. */
export function followLinkedInConsent(
  authorizeUrl: string,
  username: string,
  decision: 'authorize' | 'cancel' = 'authorize',
): Promise<URL> {
  return submitConsentPage(authorizeUrl, { username }, decision);
}
