import { followConsent } from '../x/harness.js';

/** Helpers for tests that drive the YouTube emulator over HTTP, as a browser and an app would. */

export const YOUTUBE_UPLOAD_SCOPE = 'https://www.googleapis.com/auth/youtube.upload';
export const YOUTUBE_FORCE_SSL_SCOPE = 'https://www.googleapis.com/auth/youtube.force-ssl';
export const YOUTUBE_READONLY_SCOPE = 'https://www.googleapis.com/auth/youtube.readonly';

export const TEST_CLIENT = {
  clientId: 'crier-test.apps.googleusercontent.com',
  clientSecret: 'sandbox-secret',
  redirectUri: 'http://localhost:3999/api/oauth/callback/youtube',
};

export interface GoogleTokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/** The whole web-server flow: consent page, code, token exchange. */
export async function connectChannel(
  baseUrl: string,
  input: { username: string; scopes?: string[]; offline?: boolean },
): Promise<GoogleTokens> {
  const authorize = new URL(`${baseUrl}/o/oauth2/v2/auth`);
  authorize.searchParams.set('client_id', TEST_CLIENT.clientId);
  authorize.searchParams.set('redirect_uri', TEST_CLIENT.redirectUri);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('scope', (input.scopes ?? [YOUTUBE_UPLOAD_SCOPE, YOUTUBE_FORCE_SSL_SCOPE]).join(' '));
  authorize.searchParams.set('state', 'test-state');
  if (input.offline !== false) authorize.searchParams.set('access_type', 'offline');
  const callback = await followConsent(authorize.toString(), input.username);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.toString()}`);
  const answer = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_CLIENT.redirectUri,
      client_id: TEST_CLIENT.clientId,
      client_secret: TEST_CLIENT.clientSecret,
    }),
  });
  if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as GoogleTokens;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Opens a resumable upload session and returns its URI. */
export async function openUploadSession(
  baseUrl: string,
  accessToken: string,
  totalBytes: number,
  metadata: unknown = {
    snippet: { title: 'Launch film', description: 'The new model' },
    status: { privacyStatus: 'public' },
  },
): Promise<string> {
  const answer = await fetch(`${baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
    method: 'POST',
    headers: {
      ...bearer(accessToken),
      'content-type': 'application/json; charset=UTF-8',
      'x-upload-content-length': String(totalBytes),
      'x-upload-content-type': 'video/mp4',
    },
    body: JSON.stringify(metadata),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 200 || !location) throw new Error(`session answered ${answer.status}: ${await answer.text()}`);
  return location;
}

export function putChunk(sessionUri: string, bytes: Uint8Array, first: number, total: number): Promise<Response> {
  return fetch(sessionUri, {
    method: 'PUT',
    headers: { 'content-type': 'video/mp4', 'content-range': `bytes ${first}-${first + bytes.length - 1}/${total}` },
    body: new Uint8Array(bytes),
    redirect: 'manual',
  });
}

export function queryUpload(sessionUri: string, total: number): Promise<Response> {
  return fetch(sessionUri, { method: 'PUT', headers: { 'content-range': `bytes */${total}` }, redirect: 'manual' });
}
