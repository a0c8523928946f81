import type { SandboxOrganization } from '../../../sandbox/linkedin/emulator.js';
import {
  followLinkedInConsent,
  type RunningLinkedInEmulator,
  startLinkedInEmulator,
} from '../../../sandbox/linkedin/harness.js';
import { DEMO_ORGANIZATION } from '../../../sandbox/linkedin/testing.js';
import { type AccountSession, type ConnectedAccount, type Connector, isAccountChoice } from '../kit/connector.js';
import { createLinkedInConnector, type LinkedInConnectorOptions } from './linkedin.connector.js';

/** Test wiring: a LinkedIn emulator, a connector pointed at it, and a connected author. */

export const TEST_APP = {
  clientId: '78connectortest',
  clientSecret: 'connector-test-secret',
  redirectUris: ['http://localhost:3000/api/oauth/callback/linkedin'],
  refreshTokens: true,
};
const REDIRECT = TEST_APP.redirectUris[0] ?? '';

export interface LinkedInFixture {
  emulator: RunningLinkedInEmulator;
  connector: Connector;
  /** Every account the sign-in offered. */
  offered: ConnectedAccount[];
  session: AccountSession;
  connectorWith(overrides: Partial<LinkedInConnectorOptions>): Connector;
  close(): Promise<void>;
}

export async function linkedInFixture(
  input: {
    as?: 'organization' | 'member';
    organizations?: SandboxOrganization[];
    refreshTokens?: boolean;
    videoProcessingMs?: number;
    options?: Partial<LinkedInConnectorOptions>;
  } = {},
): Promise<LinkedInFixture> {
  const emulator = await startLinkedInEmulator({
    clients: [{ ...TEST_APP, refreshTokens: input.refreshTokens ?? true }],
    organizations: input.organizations ?? [DEMO_ORGANIZATION],
    videoProcessingMs: input.videoProcessingMs ?? 20,
  });
  const connectorWith = (overrides: Partial<LinkedInConnectorOptions>) =>
    createLinkedInConnector({
      environment: 'sandbox',
      clientId: TEST_APP.clientId,
      clientSecret: TEST_APP.clientSecret,
      apiUrl: emulator.baseUrl,
      oauthUrl: `${emulator.baseUrl}/oauth/v2`,
      webUrl: emulator.baseUrl,
      apiVersion: emulator.latestVersion(),
      videoWait: { pollIntervalMs: 10, maxWaitMs: 3000 },
      timeoutMs: 3000,
      ...input.options,
      ...overrides,
    });
  const connector = connectorWith({});
  if (connector.connect.kind !== 'oauth2') throw new Error('LinkedIn connects with OAuth');
  const begun = await connector.connect.begin({ redirectUri: REDIRECT, state: 'test' });
  const callback = await followLinkedInConsent(begun.authorizeUrl, 'ada.lovelace');
  const result = await connector.connect.complete({
    redirectUri: REDIRECT,
    code: callback.searchParams.get('code') ?? '',
    codeVerifier: begun.codeVerifier,
  });
  const offered = isAccountChoice(result) ? result.candidates : [result];
  const wanted = input.as ?? 'organization';
  const account = offered.find((candidate) =>
    candidate.profile.remoteId.startsWith(wanted === 'organization' ? 'urn:li:organization:' : 'urn:li:person:'),
  );
  if (!account) throw new Error(`no ${wanted} among the accounts offered`);
  const session: AccountSession = {
    profile: account.profile,
    credentials: account.credentials,
    async saveCredentials(next) {
      session.credentials = next.credentials;
    },
  };
  return { emulator, connector, offered, session, connectorWith, close: () => emulator.close() };
}
