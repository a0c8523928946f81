import path from 'node:path';
import type { Logger } from 'pino';
import { createLinkedInEmulator } from './linkedin/emulator.js';
import { demoFollowers } from './linkedin/sample-organizations.js';
import { createThreadsEmulator } from './threads/emulator.js';

/** Crier as registered with the Threads emulator (a Meta app) and the LinkedIn emulator (a developer-portal app). */
export const SANDBOX_THREADS_LINKEDIN_APPS = {
  threads: { appId: '880000000000000', appSecret: 'crier-sandbox-threads-secret' },
  // Approved for refresh tokens, as a Community Management partner app is, so sandbox pages stay connected.
  linkedin: { clientId: 'crier-sandbox', clientSecret: 'crier-sandbox-linkedin-secret' },
} as const;

export interface ThreadsLinkedInPorts {
  threads: number;
  linkedin: number;
}

/** Where each emulator answers, derived from its port, so the catalog and the host agree. */
export function threadsLinkedInAddresses(ports: ThreadsLinkedInPorts) {
  const threads = `http://localhost:${ports.threads}`;
  const linkedin = `http://localhost:${ports.linkedin}`;
  return {
    threads: {
      graphHostUrl: threads,
      authorizeUrl: `${threads}/oauth/authorize`,
      webUrl: threads,
      ...SANDBOX_THREADS_LINKEDIN_APPS.threads,
    },
    linkedin: {
      apiUrl: linkedin,
      oauthUrl: `${linkedin}/oauth/v2`,
      webUrl: linkedin,
      ...SANDBOX_THREADS_LINKEDIN_APPS.linkedin,
    },
  };
}

/**
 * Starts the Threads and LinkedIn emulators beside Crier, their state in the data folder. The demo
 * Threads profile may limit posts to countries (geo-gating), so segments can be rehearsed; profiles
 * made on the consent page may not, as for most real ones. Every LinkedIn member who signs in
 * administers the demo page "Crier Sandbox Motors", which has 12,000 followers to target.
 */
export async function startThreadsLinkedIn(options: {
  host: string;
  ports: ThreadsLinkedInPorts;
  /** Crier's public URL, for the OAuth callbacks registered with the emulators. */
  crierUrl: string;
  dataDir: string;
  logger: Logger;
}): Promise<{ close(): Promise<void> }> {
  const addresses = threadsLinkedInAddresses(options.ports);
  const folder = path.join(options.dataDir, 'sandbox');
  const callback = (network: string) => `${options.crierUrl}/api/oauth/callback/${network}`;
  const threads = createThreadsEmulator({
    publicUrl: addresses.threads.webUrl,
    clients: [
      {
        clientId: addresses.threads.appId,
        clientSecret: addresses.threads.appSecret,
        redirectUris: [callback('threads')],
        name: 'Crier',
      },
    ],
    users: [{ username: 'crier.sandbox', name: 'Crier Sandbox', eligibleForGeoGating: true }],
    stateFile: path.join(folder, 'threads-state.json'),
    filesDirectory: path.join(folder, 'threads-files'),
  });
  const linkedin = createLinkedInEmulator({
    publicUrl: addresses.linkedin.webUrl,
    clients: [
      {
        clientId: addresses.linkedin.clientId,
        clientSecret: addresses.linkedin.clientSecret,
        redirectUris: [callback('linkedin')],
        name: 'Crier',
        refreshTokens: true,
      },
    ],
    organizations: [
      {
        id: '90000001',
        name: 'Crier Sandbox Motors',
        vanityName: 'crier-sandbox-motors',
        followers: demoFollowers(),
        members: [{ username: 'everyone', role: 'ADMINISTRATOR' }],
      },
    ],
    stateFile: path.join(folder, 'linkedin-state.json'),
  });
  const started: Array<{ close(): Promise<void> }> = [];
  for (const [name, emulator, port] of [
    ['Threads', threads, options.ports.threads],
    ['LinkedIn', linkedin, options.ports.linkedin],
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
