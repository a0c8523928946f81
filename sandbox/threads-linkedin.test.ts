import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { buildConnectors } from '../src/connectors/catalog.js';
import { isAccountChoice } from '../src/connectors/kit/connector.js';
import { freePort } from '../test/support/ports.js';
import { followLinkedInConsent } from './linkedin/harness.js';
import { followThreadsConsent } from './threads/harness.js';
import { startThreadsLinkedIn } from './threads-linkedin.js';

/**
 * The sandbox as `crier serve` runs it: the emulators on the ports configuration derives, and the
 * catalog's sandbox connectors pointed at them with the same app ids and secrets.
 */
let dataDir: string;
let running: { close(): Promise<void> };
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crier-threads-linkedin-'));
  config = loadConfig({
    CRIER_DATA_DIR: dataDir,
    CRIER_SANDBOX_THREADS_PORT: String(await freePort()),
    CRIER_SANDBOX_LINKEDIN_PORT: String(await freePort()),
    // This month's version, so the test does not age out with the default as LinkedIn retires it.
    LINKEDIN_API_VERSION: new Date().toISOString().slice(0, 7).replace('-', ''),
  });
  running = await startThreadsLinkedIn({
    host: '127.0.0.1',
    ports: { threads: config.threads.sandboxPort, linkedin: config.linkedin.sandboxPort },
    crierUrl: config.publicUrl,
    dataDir,
    logger: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await running?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const callback = (network: string) => `${config.publicUrl}/api/oauth/callback/${network}`;

describe('sandbox Threads and LinkedIn', () => {
  it('derive their ports from PORT like the other emulators', () => {
    const defaults = loadConfig({ PORT: '3000' });
    expect([defaults.threads.sandboxPort, defaults.linkedin.sandboxPort]).toEqual([3004, 3005]);
  });

  it('connect through the catalog’s sandbox connectors, whose app ids the emulators know', async () => {
    const connectors = buildConnectors(config, undefined).filter((connector) => connector.environment === 'sandbox');
    expect(connectors).toEqual([]);
    const sandbox = buildConnectors(config, {
      x: {
        apiBaseUrl: 'http://127.0.0.1:9',
        authorizeUrl: 'http://127.0.0.1:9/authorize',
        webUrl: 'http://127.0.0.1:9',
        clientId: 'x',
      },
    });
    const threads = sandbox.find((connector) => connector.network === 'threads' && connector.environment === 'sandbox');
    const linkedin = sandbox.find(
      (connector) => connector.network === 'linkedin' && connector.environment === 'sandbox',
    );
    if (threads?.connect.kind !== 'oauth2' || linkedin?.connect.kind !== 'oauth2')
      throw new Error('both connect with OAuth');
    expect(threads.capabilities.images).toBe(true);

    const threadsBegun = await threads.connect.begin({ redirectUri: callback('threads'), state: 's' });
    const threadsBack = await followThreadsConsent(threadsBegun.authorizeUrl, 'crier.sandbox');
    const threadsAccount = await threads.connect.complete({
      redirectUri: callback('threads'),
      code: threadsBack.searchParams.get('code') ?? '',
      codeVerifier: '',
    });
    expect(isAccountChoice(threadsAccount) ? undefined : threadsAccount.profile.handle).toBe('crier.sandbox');

    const linkedinBegun = await linkedin.connect.begin({ redirectUri: callback('linkedin'), state: 's' });
    const linkedinBack = await followLinkedInConsent(linkedinBegun.authorizeUrl, 'crier.sandbox');
    const linkedinAccounts = await linkedin.connect.complete({
      redirectUri: callback('linkedin'),
      code: linkedinBack.searchParams.get('code') ?? '',
      codeVerifier: '',
    });
    expect(
      isAccountChoice(linkedinAccounts) &&
        linkedinAccounts.candidates.map((candidate) => candidate.profile.displayName),
    ).toEqual(['Crier Sandbox Motors', 'Crier Sandbox']);
  });
});
