import { followConsent, type RunningXEmulator, startXEmulator } from '../../sandbox/x/harness.js';
import { createXConnector } from '../../src/connectors/x/x.connector.js';
import type { Account } from '../../src/core/model.js';
import type { AccountsService } from '../../src/services/accounts.service.js';

export type { RunningXEmulator } from '../../sandbox/x/harness.js';
export const TEST_X_CLIENT_ID = 'crier-test';

/** The X emulator on a free loopback port, with Crier's callback registered and generous post limits. */
export function startTestXEmulator(crierPublicUrl: string): Promise<RunningXEmulator> {
  return startXEmulator({
    clients: [{ clientId: TEST_X_CLIENT_ID, redirectUris: [`${crierPublicUrl}/api/oauth/callback/x`] }],
    rateLimits: { 'POST /2/tweets': { limit: 100_000, windowMs: 15 * 60_000 } },
  });
}

export function sandboxXConnector(emulatorUrl: string) {
  return createXConnector({
    environment: 'sandbox',
    clientId: TEST_X_CLIENT_ID,
    apiBaseUrl: emulatorUrl,
    authorizeUrl: `${emulatorUrl}/i/oauth2/authorize`,
    webUrl: emulatorUrl,
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
