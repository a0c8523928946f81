import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * Helpers for tests that drive the X emulator in process (`app.inject`), the way a browser and an app
 * would: open the consent page, submit its form, exchange the code.
 */

export const ALL_CRIER_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(method: 'S256' | 'plain' = 'S256'): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return { verifier, challenge };
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scopes?: string[];
  state?: string;
  pkce?: PkcePair;
  codeChallengeMethod?: 'S256' | 'plain';
}

export function authorizeQuery(params: AuthorizeParams & { pkce: PkcePair }): URLSearchParams {
  return new URLSearchParams({
    response_type: 'code',
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    scope: (params.scopes ?? ALL_CRIER_SCOPES).join(' '),
    state: params.state ?? 'test-state',
    code_challenge: params.pkce.challenge,
    code_challenge_method: params.codeChallengeMethod ?? 'S256',
  });
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Submits the consent form as a browser would after the person typed a username; returns the redirect. */
export async function submitConsent(
  app: FastifyInstance,
  query: URLSearchParams,
  username: string,
  decision: 'authorize' | 'cancel' = 'authorize',
): Promise<URL> {
  const form = new URLSearchParams(query);
  form.set('username', username);
  form.set('decision', decision);
  const answer = await app.inject({
    method: 'POST',
    url: '/i/oauth2/authorize',
    headers: FORM,
    payload: form.toString(),
  });
  if (answer.statusCode !== 302) throw new Error(`consent answered ${answer.statusCode}: ${answer.body}`);
  return new URL(String(answer.headers.location));
}

export interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/** The whole authorization-code flow for a public client; returns the token endpoint's answer. */
export async function connectSandboxUser(
  app: FastifyInstance,
  params: AuthorizeParams & { username: string },
): Promise<TokenAnswer> {
  const pkce = params.pkce ?? createPkcePair(params.codeChallengeMethod);
  const callback = await submitConsent(app, authorizeQuery({ ...params, pkce }), params.username);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.toString()}`);
  const answer = await app.inject({
    method: 'POST',
    url: '/2/oauth2/token',
    headers: FORM,
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: params.redirectUri,
      code_verifier: pkce.verifier,
      client_id: params.clientId,
    }).toString(),
  });
  if (answer.statusCode !== 200) throw new Error(`token endpoint answered ${answer.statusCode}: ${answer.body}`);
  return answer.json() as TokenAnswer;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A 1×1 transparent PNG, small enough to inline in tests. */
export const TINY_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f10000000049454e44ae426082',
  'hex',
);

/** A 1×1 GIF. */
export const TINY_GIF = Buffer.from('47494638396101000100800000000000ffffff2c00000000010001000002024401003b', 'hex');

/** Encodes a multipart/form-data body the way fetch would, for `app.inject`. */
export async function multipartPayload(
  fields: Record<string, string | { bytes: Uint8Array; fileName: string; type: string }>,
): Promise<{ headers: Record<string, string>; payload: Buffer }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type }), value.fileName);
  }
  const request = new Request('http://multipart.invalid/', { method: 'POST', body: form });
  return {
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
    payload: Buffer.from(await request.arrayBuffer()),
  };
}
