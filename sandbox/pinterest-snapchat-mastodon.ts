import path from 'node:path';
import type { Logger } from 'pino';
import { createMastodonEmulator } from './mastodon/emulator.js';
import { createPinterestEmulator } from './pinterest/emulator.js';
import { createSnapchatEmulator } from './snapchat/emulator.js';

/** Crier as registered with the Pinterest and Snapchat emulators (Mastodon apps register themselves per instance). */
export const SANDBOX_APPS = {
  pinterest: { clientId: 'crier-sandbox', clientSecret: 'crier-sandbox-pinterest-secret' },
  snapchat: { clientId: 'crier-sandbox', clientSecret: 'crier-sandbox-snapchat-secret' },
} as const;

export interface EmulatorPorts {
  pinterest: number;
  snapchat: number;
  mastodon: number;
}

/** Where each emulator answers, derived from its port, so the catalog and the host agree. */
export function emulatorAddresses(ports: EmulatorPorts) {
  const pinterest = `http://localhost:${ports.pinterest}`;
  const snapchat = `http://localhost:${ports.snapchat}`;
  return {
    pinterest: {
      apiBaseUrl: `${pinterest}/v5`,
      authorizeUrl: `${pinterest}/oauth/`,
      webUrl: pinterest,
      ...SANDBOX_APPS.pinterest,
    },
    snapchat: {
      apiBaseUrl: snapchat,
      authorizeUrl: `${snapchat}/login/oauth2/authorize`,
      tokenUrl: `${snapchat}/login/oauth2/access_token`,
      webUrl: snapchat,
      ...SANDBOX_APPS.snapchat,
    },
    mastodon: { instanceUrl: `http://localhost:${ports.mastodon}` },
  };
}

/**
 * Starts the Pinterest, Snapchat and Mastodon emulators beside Crier. Pinterest and Mastodon keep
 * their state in the data folder; Snapchat's media and posts live in memory, as its 24-hour media do.
 */
export async function startPinterestSnapchatMastodon(options: {
  host: string;
  ports: EmulatorPorts;
  /** Crier's public URL, for the OAuth callbacks registered with the emulators. */
  crierUrl: string;
  dataDir: string;
  logger: Logger;
}): Promise<{ close(): Promise<void> }> {
  const addresses = emulatorAddresses(options.ports);
  const callback = (network: string) => `${options.crierUrl}/api/oauth/callback/${network}`;
  const pinterest = createPinterestEmulator({
    publicUrl: addresses.pinterest.webUrl,
    clients: [{ ...SANDBOX_APPS.pinterest, redirectUris: [callback('pinterest')], name: 'Crier' }],
    users: ['crier_sandbox'],
    stateFile: path.join(options.dataDir, 'sandbox', 'pinterest-state.json'),
  });
  const snapchat = createSnapchatEmulator({
    clients: [{ ...SANDBOX_APPS.snapchat, redirectUris: [callback('snapchat')], name: 'Crier' }],
  });
  const mastodon = createMastodonEmulator({
    publicUrl: addresses.mastodon.instanceUrl,
    users: [{ username: 'crier_sandbox', displayName: 'Crier Sandbox' }],
    stateFile: path.join(options.dataDir, 'sandbox', 'mastodon-state.json'),
  });
  const started: Array<{ close(): Promise<void> }> = [];
  for (const [name, emulator, port] of [
    ['Pinterest', pinterest, options.ports.pinterest],
    ['Snapchat', snapchat, options.ports.snapchat],
    ['Mastodon', mastodon, options.ports.mastodon],
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
