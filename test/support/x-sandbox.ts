import { followConsent, type RunningXEmulator, startXEmulator } from '../../sandbox/x/harness.js';
import { createXConnector, type XConnectorOptions } from '../../src/connectors/x/x.connector.js';
import type { Account } from '../../src/core/model.js';
import type { AccountsService } from '../../src/services/accounts.service.js';

export type { RunningXEmulator } from '../../sandbox/x/harness.js';
export const TEST_X_CLIENT_ID = 'crier-test';

/** Posts per 15 minutes per user the test emulator allows; Crier's rate budget follows the same number. */
export const TEST_X_POST_LIMIT = 100_000;

/** The X emulator on a free loopback port, with Crier's callback registered and generous post limits. */
export function startTestXEmulator(crierPublicUrl: string): Promise<RunningXEmulator> {
  return startXEmulator({
    clients: [{ clientId: TEST_X_CLIENT_ID, redirectUris: [`${crierPublicUrl}/api/oauth/callback/x`] }],
    rateLimits: { 'POST /2/tweets': { limit: TEST_X_POST_LIMIT, windowMs: 15 * 60_000 } },
  });
}

/** The X connector pointed at a test emulator, with the emulator's (generous) posting limits. */
export function sandboxXConnector(emulatorUrl: string, options: Partial<XConnectorOptions> = {}) {
  return createXConnector({
    environment: 'sandbox',
    clientId: TEST_X_CLIENT_ID,
    apiBaseUrl: emulatorUrl,
    authorizeUrl: `${emulatorUrl}/i/oauth2/authorize`,
    webUrl: emulatorUrl,
    publishLimits: {
      perAccount: { limit: TEST_X_POST_LIMIT, windowMs: 15 * 60_000 },
      perApp: { limit: TEST_X_POST_LIMIT, windowMs: 15 * 60_000 },
    },
    ...options,
  });
}

/**
 * Connects a sandbox X account through the real OAuth flow: Crier's authorize URL, the emulator's
 * consent form submitted as a browser would, then Crier's completion with the returned code.
 */
export async function connectXAccount(input: {
  accounts: AccountsService;
  workspaceId: string;
  userId: string;
  username: string;
}): Promise<Account> {
  const { authorizeUrl } = await input.accounts.beginOAuth({
    workspaceId: input.workspaceId,
    userId: input.userId,
    network: 'x',
    environment: 'sandbox',
  });
  const callback = await followConsent(authorizeUrl, input.username);
  const outcome = await input.accounts.completeOAuth({
    network: 'x',
    state: callback.searchParams.get('state') ?? '',
    code: callback.searchParams.get('code') ?? '',
    userId: input.userId,
  });
  if (outcome.kind !== 'connected') throw new Error('X connects one account per login');
  return outcome.account;
}
