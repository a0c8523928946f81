import type { SandboxOrganization } from './emulator.js';
import { followLinkedInConsent, type RunningLinkedInEmulator } from './harness.js';
import { demoFollowers } from './sample-organizations.js';

/** Helpers for tests that call a running LinkedIn emulator over HTTP the way an app does. */

export const TEST_APP = {
  clientId: '77testclient',
  clientSecret: 'linkedin-test-secret',
  redirectUris: ['http://localhost:3000/api/oauth/callback/linkedin'],
  refreshTokens: true,
};
export const TEST_REDIRECT = TEST_APP.redirectUris[0] ?? '';
export const ALL_SCOPES = [
  'openid',
  'profile',
  'email',
  'w_member_social',
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
];

export const DEMO_ORGANIZATION: SandboxOrganization = {
  id: '90000001',
  name: 'Crier Sandbox Motors',
  vanityName: 'crier-sandbox-motors',
  followers: demoFollowers(),
  members: [{ username: 'everyone', role: 'ADMINISTRATOR' }],
};
export const DEMO_AUTHOR = `urn:li:organization:${DEMO_ORGANIZATION.id}`;

export interface RestAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

/** A versioned call: Bearer token, LinkedIn-Version and X-Restli-Protocol-Version, JSON in and out. */
export async function rest(
  emulator: RunningLinkedInEmulator,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  input: { token: string; json?: unknown; headers?: Record<string, string>; body?: Uint8Array },
): Promise<RestAnswer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${input.token}`,
    'linkedin-version': emulator.latestVersion(),
    'x-restli-protocol-version': '2.0.0',
    ...input.headers,
  };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (input.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.json);
  } else if (input.body) {
    headers['content-type'] = 'application/octet-stream';
    body = new Uint8Array(input.body);
  }
  const url = path.startsWith('http') ? path : `${emulator.baseUrl}${path}`;
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

/** The whole 3-legged flow: consent as a sandbox member, then the code for tokens. */
export async function connectMember(
  emulator: RunningLinkedInEmulator,
  username: string,
  scopes: string[] = ALL_SCOPES,
): Promise<{ accessToken: string; refreshToken?: string; expiresIn: number; scope: string }> {
  const authorize = new URL(emulator.authorizeUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: TEST_APP.clientId,
    redirect_uri: TEST_REDIRECT,
    state: 's',
    scope: scopes.join(' '),
  }).toString();
  const callback = await followLinkedInConsent(authorize.toString(), username);
  const response = await fetch(`${emulator.baseUrl}/oauth/v2/accessToken`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: TEST_REDIRECT,
      client_id: TEST_APP.clientId,
      client_secret: TEST_APP.clientSecret,
    }),
  });
  const body = (await response.json()) as {
    access_token: string;
    refresh_token?: string;
    expires_in: number;
    scope: string;
  };
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresIn: body.expires_in,
    scope: body.scope,
  };
}

/** A text post by the demo organization, with overrides; answers as LinkedIn does. */
export function postBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    author: DEMO_AUTHOR,
    commentary: 'Ice-cold and refreshing',
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...overrides,
  };
}
