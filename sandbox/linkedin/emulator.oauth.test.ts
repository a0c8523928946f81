import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followLinkedInConsent, type RunningLinkedInEmulator, startLinkedInEmulator } from './harness.js';
import { connectMember, DEMO_ORGANIZATION, rest, TEST_APP, TEST_REDIRECT } from './testing.js';

let clock: number;
let emulator: RunningLinkedInEmulator;

beforeEach(async () => {
  clock = Date.parse('2026-11-20T10:00:00Z');
  emulator = await startLinkedInEmulator({
    clients: [TEST_APP, { ...TEST_APP, clientId: 'no-refresh', refreshTokens: false }],
    organizations: [DEMO_ORGANIZATION],
    now: () => clock,
  });
});
afterEach(async () => {
  await emulator.close();
});

const tokenCall = (form: Record<string, string>) =>
  fetch(`${emulator.baseUrl}/oauth/v2/accessToken`, { method: 'POST', body: new URLSearchParams(form) }).then(
    async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }),
  );

describe('LinkedIn OAuth 2.0 (3-legged)', () => {
  it('shows an error page, never a redirect, for an unregistered redirect URI', async () => {
    const url = `${emulator.authorizeUrl}?response_type=code&client_id=${TEST_APP.clientId}&redirect_uri=https://evil.example/cb&scope=openid&state=s`;
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
  });

  it('issues a 60-day access token and, for an approved app, a 365-day refresh token', async () => {
    const tokens = await connectMember(emulator, 'ada.lovelace');
    expect(tokens.expiresIn).toBe(60 * 24 * 60 * 60);
    expect(tokens.scope.split(',')).toContain('w_organization_social');
    const refreshed = await tokenCall({
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken ?? '',
      client_id: TEST_APP.clientId,
      client_secret: TEST_APP.clientSecret,
    });
    expect(refreshed.body).toMatchObject({ refresh_token: tokens.refreshToken, expires_in: 60 * 24 * 60 * 60 });
    expect(refreshed.body.access_token).not.toBe(tokens.accessToken);
  });

  it('gives other apps no refresh token: their members authorize again', async () => {
    const authorize = `${emulator.authorizeUrl}?response_type=code&client_id=no-refresh&redirect_uri=${encodeURIComponent(TEST_REDIRECT)}&scope=openid%20w_member_social&state=s`;
    const callback = await followLinkedInConsent(authorize, 'grace.hopper');
    const answer = await tokenCall({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: TEST_REDIRECT,
      client_id: 'no-refresh',
      client_secret: TEST_APP.clientSecret,
    });
    expect(answer.body.access_token).toBeDefined();
    expect(answer.body.refresh_token).toBeUndefined();
  });

  it('refuses a reused code with LinkedIn’s own description', async () => {
    const authorize = `${emulator.authorizeUrl}?response_type=code&client_id=${TEST_APP.clientId}&redirect_uri=${encodeURIComponent(TEST_REDIRECT)}&scope=openid&state=s`;
    const code = (await followLinkedInConsent(authorize, 'ada.lovelace')).searchParams.get('code') ?? '';
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_REDIRECT,
      client_id: TEST_APP.clientId,
      client_secret: TEST_APP.clientSecret,
    };
    expect((await tokenCall(form)).status).toBe(200);
    const again = await tokenCall(form);
    expect(again.body.error_description).toContain('Unable to retrieve access token');
  });

  it('answers userinfo with the OpenID claims the scopes allow', async () => {
    const { accessToken } = await connectMember(emulator, 'ada.lovelace');
    const info = await fetch(`${emulator.baseUrl}/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    }).then((response) => response.json());
    expect(info).toMatchObject({ name: 'Ada Lovelace', given_name: 'Ada', email: 'ada.lovelace@sandbox.example' });
  });

  it('tells invalid, expired and revoked tokens apart with LinkedIn’s codes', async () => {
    const { accessToken } = await connectMember(emulator, 'ada.lovelace');
    expect(
      (await rest(emulator, 'GET', '/rest/organizationAcls?q=roleAssignee', { token: 'nope' })).body,
    ).toMatchObject({ status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
    clock += 61 * 24 * 60 * 60_000;
    expect(
      (await rest(emulator, 'GET', '/rest/organizationAcls?q=roleAssignee', { token: accessToken })).body,
    ).toMatchObject({ code: 'EXPIRED_ACCESS_TOKEN' });
    const fresh = await connectMember(emulator, 'grace.hopper');
    const member = emulator.state.findMemberByUsername('grace.hopper');
    emulator.state.revokeMember(member?.id ?? '');
    expect(
      (await rest(emulator, 'GET', '/rest/organizationAcls?q=roleAssignee', { token: fresh.accessToken })).body,
    ).toMatchObject({ serviceErrorCode: 65602, code: 'REVOKED_ACCESS_TOKEN' });
  });
});

describe('versioned headers', () => {
  it('needs LinkedIn-Version (active) and X-Restli-Protocol-Version on /rest', async () => {
    const { accessToken } = await connectMember(emulator, 'ada.lovelace');
    const path = '/rest/organizationAcls?q=roleAssignee';
    const missing = await rest(emulator, 'GET', path, { token: accessToken, headers: { 'linkedin-version': '' } });
    expect(missing.body).toMatchObject({ status: 400, code: 'VERSION_MISSING' });
    const old = await rest(emulator, 'GET', path, { token: accessToken, headers: { 'linkedin-version': '202301' } });
    expect(old.body).toEqual({
      status: 426,
      code: 'NONEXISTENT_VERSION',
      message: 'Requested version 202301 is not active',
    });
    const noProtocol = await rest(emulator, 'GET', path, {
      token: accessToken,
      headers: { 'x-restli-protocol-version': '' },
    });
    expect(noProtocol.status).toBe(400);
    const ok = await rest(emulator, 'GET', path, { token: accessToken });
    expect(ok.body?.elements).toEqual([
      {
        roleAssignee: expect.stringMatching(/^urn:li:person:/),
        state: 'APPROVED',
        role: 'ADMINISTRATOR',
        organization: `urn:li:organization:${DEMO_ORGANIZATION.id}`,
      },
    ]);
  });
});
