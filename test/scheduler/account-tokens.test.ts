import { afterEach, describe, expect, it } from 'vitest';
import { type PublishingStack, startPublishingStack } from '../support/publishing-stack.js';
import { TEST_X_CLIENT_ID } from '../support/x-sandbox.js';

/**
 * The token refresh the queues run every five minutes: credentials about to expire are renewed ahead
 * of time; an account the network no longer accepts is marked "reconnect needed" with an alert.
 */
describe('token refresh before expiry', () => {
  let stack: PublishingStack | undefined;

  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('renews credentials that expire within 15 minutes, and leaves the others alone', async () => {
    // X's tokens live 2 hours; these live 10 minutes, so the refresh picks them up at once
    stack = await startPublishingStack({ dialect: 'sqlite', accessTokenTtlSeconds: 600 });
    const before = await stack.crier.services.accounts.get(stack.workspaceId, stack.account.id);

    expect(await stack.crier.tokens.refreshExpiring()).toEqual({ refreshed: 1, reconnectNeeded: 0, failed: 0 });
    const after = await stack.crier.services.accounts.get(stack.workspaceId, stack.account.id);
    expect(after.credentialsExpireAt).toBeGreaterThan(before.credentialsExpireAt ?? 0);
    expect(after.state).toBe('connected');
  });

  it('marks an account whose refresh token was revoked as needing reconnection, and raises one alert', async () => {
    stack = await startPublishingStack({ dialect: 'sqlite', accessTokenTtlSeconds: 600 });
    const { session } = await stack.crier.services.accounts.openSession(stack.account.id);
    const refreshToken = (session.credentials as { refreshToken: string }).refreshToken;
    stack.x.state.revokeToken(refreshToken, TEST_X_CLIENT_ID);

    expect(await stack.crier.tokens.refreshExpiring()).toEqual({ refreshed: 0, reconnectNeeded: 1, failed: 0 });
    const account = await stack.crier.services.accounts.get(stack.workspaceId, stack.account.id);
    expect(account.state).toBe('reconnect_needed');
    const alerts = await stack.crier.alerts.listOpen(stack.workspaceId);
    expect(alerts).toMatchObject([
      {
        kind: 'account_reconnect_needed',
        accountId: stack.account.id,
        message: expect.stringContaining('launch_team'),
      },
    ]);
    // the next run finds nothing to do for it: it is no longer connected
    expect(await stack.crier.tokens.refreshExpiring()).toEqual({ refreshed: 0, reconnectNeeded: 0, failed: 0 });
  });
});
