import {
  followThreadsConsent,
  type RunningThreadsEmulator,
  startThreadsEmulator,
} from '../../../sandbox/threads/harness.js';
import type { AccountSession, Connector } from '../kit/connector.js';
import { fileDropMediaUrls } from '../kit/public-media.js';
import { singleAccount } from '../kit/testing.js';
import { createThreadsConnector, type ThreadsConnectorOptions } from './threads.connector.js';

/** Test wiring: a Threads emulator, a connector pointed at it, and a connected sandbox profile. */

export const TEST_APP = {
  clientId: '880000000000002',
  clientSecret: 'connector-test-secret',
  redirectUris: ['http://localhost:3000/api/oauth/callback/threads'],
};
const REDIRECT = TEST_APP.redirectUris[0] ?? '';

export interface ThreadsFixture {
  emulator: RunningThreadsEmulator;
  connector: Connector;
  session: AccountSession;
  /** Credentials saved by the connector during calls, newest last. */
  saved: AccountSession['credentials'][];
  /** Moves the shared clock on (the emulator and the connector both read it). */
  advance(ms: number): void;
  connectorWith(overrides: Partial<ThreadsConnectorOptions>): Connector;
  close(): Promise<void>;
}

export async function threadsFixture(
  input: {
    username?: string;
    eligibleForGeoGating?: boolean;
    videoProcessingMs?: number;
    options?: Partial<ThreadsConnectorOptions>;
  } = {},
): Promise<ThreadsFixture> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const emulator = await startThreadsEmulator({
    clients: [TEST_APP],
    videoProcessingMs: input.videoProcessingMs ?? 20,
    now,
  });
  const connectorWith = (overrides: Partial<ThreadsConnectorOptions>) =>
    createThreadsConnector({
      environment: 'sandbox',
      appId: TEST_APP.clientId,
      appSecret: TEST_APP.clientSecret,
      graphHostUrl: emulator.baseUrl,
      authorizeUrl: emulator.authorizeUrl,
      webUrl: emulator.baseUrl,
      mediaUrls: fileDropMediaUrls({ emulatorUrl: emulator.baseUrl, networkName: 'Threads' }),
      containerWait: { pollIntervalMs: 10, maxWaitMs: 3000 },
      timeoutMs: 2000,
      now,
      ...input.options,
      ...overrides,
    });
  const connector = connectorWith({});
  if (connector.connect.kind !== 'oauth2') throw new Error('Threads connects with OAuth');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'test' });
  const callback = await followThreadsConsent(begun.authorizeUrl, input.username ?? 'crier.demo');
  const account = singleAccount(
    await connector.connect.complete({
      redirectUri: REDIRECT,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: begun.codeVerifier,
    }),
  );
  if (input.eligibleForGeoGating) emulator.state.setGeoGatingEligibility(account.profile.remoteId, true);
  const saved: AccountSession['credentials'][] = [];
  const session: AccountSession = {
    profile: account.profile,
    credentials: account.credentials,
    async saveCredentials(next) {
      saved.push(next.credentials);
      session.credentials = next.credentials;
    },
  };
  return {
    emulator,
    connector,
    session,
    saved,
    advance: (ms) => {
      offset += ms;
    },
    connectorWith,
    close: () => emulator.close(),
  };
}
