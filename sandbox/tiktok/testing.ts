import { createHash, randomBytes } from 'node:crypto';
import { followConsent } from '../x/harness.js';

/** Helpers for tests that drive the TikTok emulator over HTTP, as a browser and an app would. */

export const TEST_APP = {
  clientKey: 'crier-test-key',
  clientSecret: 'crier-test-secret',
  redirectUri: 'http://localhost:3999/api/oauth/callback/tiktok',
};

export const CRIER_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'video.list'];

export interface TikTokTokens {
  open_id: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_expires_in: number;
  scope: string;
  token_type: string;
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const JSON_BODY = { 'content-type': 'application/json; charset=UTF-8' };

/** Consent page, code, token exchange with PKCE. */
export async function connectCreator(baseUrl: string, username: string, scopes = CRIER_SCOPES): Promise<TikTokTokens> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${baseUrl}/v2/auth/authorize/`);
  authorize.searchParams.set('client_key', TEST_APP.clientKey);
  authorize.searchParams.set('redirect_uri', TEST_APP.redirectUri);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('scope', scopes.join(','));
  authorize.searchParams.set('state', 'test-state');
  authorize.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
  authorize.searchParams.set('code_challenge_method', 'S256');
  const callback = await followConsent(authorize.toString(), username);
  const answer = await fetch(`${baseUrl}/v2/oauth/token/`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({
      client_key: TEST_APP.clientKey,
      client_secret: TEST_APP.clientSecret,
      code: callback.searchParams.get('code') ?? '',
      grant_type: 'authorization_code',
      redirect_uri: TEST_APP.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as TikTokTokens;
}

export function api(baseUrl: string, token: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { ...JSON_BODY, authorization: `Bearer ${token}` },
    body: JSON.stringify(body ?? {}),
  });
}

export function putChunk(
  uploadUrl: string,
  bytes: Uint8Array,
  first: number,
  total: number,
  type = 'video/mp4',
): Promise<Response> {
  return fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': type, 'content-range': `bytes ${first}-${first + bytes.length - 1}/${total}` },
    body: new Uint8Array(bytes),
  });
}
