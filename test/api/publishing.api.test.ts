import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followConsent } from '../../sandbox/x/harness.js';
import { freePort } from '../support/ports.js';
import { ApiClient, startTestCrier } from '../support/test-crier.js';
import {
  type RunningXEmulator,
  sandboxXConnector,
  startTestXEmulator,
  TEST_X_CLIENT_ID,
} from '../support/x-sandbox.js';

type TestCrier = Awaited<ReturnType<typeof startTestCrier>>;

/** What the API tells people about scheduling: daylight-saving adjustments, and accounts that need them. */
describe('HTTP API: schedule adjustments and alerts', () => {
  let x: RunningXEmulator;
  let crier: TestCrier;
  let api: ApiClient;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    const port = await freePort();
    x = await startTestXEmulator(`http://localhost:${port}`);
    crier = await startTestCrier({ connectors: [sandboxXConnector(x.baseUrl)], port, scheduler: false });
    api = new ApiClient(crier.baseUrl);
    workspaceId = await api.setup('America/New_York');
    const started = await api.request('POST', `/api/workspaces/${workspaceId}/accounts/oauth/start`, {
      network: 'x',
      environment: 'sandbox',
    });
    const callback = await followConsent(started.json.authorizeUrl, 'fizz_drinks');
    const back = await api.request('GET', `${callback.pathname}${callback.search}`);
    accountId = new URL(back.headers.get('location') ?? '', crier.baseUrl).searchParams.get('connected') ?? '';
  });

  afterAll(async () => {
    await crier?.close();
    await x?.close();
  });

  const schedule = (text: string, scheduledAt: string) =>
    api.request('POST', `/api/workspaces/${workspaceId}/posts`, {
      text,
      accountIds: [accountId],
      scheduledAt,
      timeZone: 'America/New_York',
      trackLinks: false,
    });

  it('says how a time in a daylight-saving gap or overlap was resolved', async () => {
    const gap = await schedule('Spring forward', '2027-03-14T02:30');
    expect(gap.status).toBe(201);
    expect(gap.json.scheduledAt).toBe('2027-03-14T07:30:00.000Z');
    expect(gap.json.scheduleAdjustment).toEqual({
      kind: 'moved_past_gap',
      requested: '2027-03-14T02:30',
      timeZone: 'America/New_York',
      at: '2027-03-14T07:30:00.000Z',
      message: expect.stringContaining('does not exist in America/New_York'),
    });

    const overlap = await schedule('Fall back', '2027-11-07T01:30');
    expect(overlap.json.scheduleAdjustment).toMatchObject({
      kind: 'earlier_of_overlap',
      at: '2027-11-07T05:30:00.000Z',
    });

    const ordinary = await schedule('Any Tuesday', '2027-06-08T10:00');
    expect(ordinary.status).toBe(201);
    expect(ordinary.json.scheduleAdjustment).toBeUndefined();
  });

  it('shows an alert when a network refuses an account for good, until someone dismisses it', async () => {
    expect((await api.request('GET', `/api/workspaces/${workspaceId}/alerts`)).json).toEqual({ alerts: [] });
    const { session } = await crier.services.accounts.openSession(accountId);
    x.state.revokeToken((session.credentials as { refreshToken: string }).refreshToken, TEST_X_CLIENT_ID);
    x.faults.expireAllTokens();
    await crier.tokens.markReconnectNeeded(accountId, 'refresh token revoked');

    const listed = await api.request('GET', `/api/workspaces/${workspaceId}/alerts`);
    expect(listed.json.alerts).toEqual([
      {
        id: expect.any(String),
        kind: 'account_reconnect_needed',
        accountId,
        publicationId: null,
        message: expect.stringContaining('fizz_drinks on X must be connected again'),
        createdAt: expect.any(String),
      },
    ]);
    const accounts = await api.request('GET', `/api/workspaces/${workspaceId}/accounts`);
    expect(accounts.json.accounts[0].state).toBe('reconnect_needed');

    const dismissed = await api.request(
      'POST',
      `/api/workspaces/${workspaceId}/alerts/${listed.json.alerts[0].id}/dismiss`,
    );
    expect(dismissed.status).toBe(204);
    expect((await api.request('GET', `/api/workspaces/${workspaceId}/alerts`)).json).toEqual({ alerts: [] });
  });
});
