import { followThreadsConsent, type RunningThreadsEmulator } from './harness.js';

/**
 * Helpers for tests that talk to a running Threads emulator over HTTP the way an app does: connect
 * a sandbox user, call the Graph API, put a file where Threads can fetch it.
 */

export const TEST_CLIENT = {
  clientId: '1234567890',
  clientSecret: 'sandbox-app-secret',
  redirectUris: ['http://localhost:3000/api/oauth/callback/threads'],
};
export const TEST_REDIRECT = TEST_CLIENT.redirectUris[0] ?? '';
export const CRIER_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_read_replies',
  'threads_manage_replies',
  'threads_manage_insights',
];

export interface GraphAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { message: string; code: number; error_subcode?: number; type: string } };
}

/** One Graph call: parameters in the query for GET and DELETE, form-encoded in the body for POST. */
export async function graph(
  emulator: RunningThreadsEmulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string> = {},
  token?: string,
): Promise<GraphAnswer> {
  const url = new URL(path, emulator.baseUrl);
  const init: RequestInit = { method, headers: token ? { authorization: `Bearer ${token}` } : {} };
  if (method === 'POST') {
    init.body = new URLSearchParams(params);
  } else {
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  }
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as GraphAnswer['body'] };
}

/** The authorization code flow and the long-lived exchange; returns both tokens and the user id. */
export async function connectThreadsUser(
  emulator: RunningThreadsEmulator,
  username: string,
  scopes: string[] = CRIER_SCOPES,
): Promise<{ shortToken: string; longToken: string; userId: string }> {
  const authorize = new URL(emulator.authorizeUrl);
  authorize.search = new URLSearchParams({
    client_id: TEST_CLIENT.clientId,
    redirect_uri: TEST_REDIRECT,
    scope: scopes.join(','),
    response_type: 'code',
    state: 'test',
  }).toString();
  const callback = await followThreadsConsent(authorize.toString(), username);
  const exchanged = await graph(emulator, 'POST', '/oauth/access_token', {
    client_id: TEST_CLIENT.clientId,
    client_secret: TEST_CLIENT.clientSecret,
    code: callback.searchParams.get('code') ?? '',
    grant_type: 'authorization_code',
    redirect_uri: TEST_REDIRECT,
  });
  const shortToken = String(exchanged.body.access_token);
  const long = await graph(emulator, 'GET', '/access_token', {
    grant_type: 'th_exchange_token',
    client_secret: TEST_CLIENT.clientSecret,
    access_token: shortToken,
  });
  const me = await graph(emulator, 'GET', '/v1.0/me', { fields: 'id' }, String(long.body.access_token));
  return { shortToken, longToken: String(long.body.access_token), userId: String(me.body.id) };
}

/** Puts bytes on the emulator's file drop and returns the public URL Threads will fetch. */
export async function dropFile(
  emulator: RunningThreadsEmulator,
  bytes: Uint8Array,
  contentType: string,
): Promise<string> {
  const response = await fetch(`${emulator.baseUrl}/_emulator/files`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  if (response.status !== 201) throw new Error(`the file drop answered ${response.status}`);
  return ((await response.json()) as { url: string }).url;
}

/** Polls a container until it leaves IN_PROGRESS, as Threads asks clients to. */
export async function waitForContainer(
  emulator: RunningThreadsEmulator,
  containerId: string,
  token: string,
): Promise<GraphAnswer['body']> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const status = await graph(emulator, 'GET', `/v1.0/${containerId}`, { fields: 'id,status,error_message' }, token);
    if (status.body.status !== 'IN_PROGRESS') return status.body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`container ${containerId} stayed IN_PROGRESS`);
}
