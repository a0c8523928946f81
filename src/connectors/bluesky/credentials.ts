import { z } from 'zod';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

/**
 * What the Bluesky connector keeps for an account. `service` is where the person logged in (and where
 * sessions are refreshed); `pdsUrl` is the account's own PDS from its DID document, where its repo
 * lives. They differ on bsky.social, whose entryway hands accounts to many PDS hosts.
 */
export const blueskyCredentialsSchema = z.object({
  service: z.string().url(),
  pdsUrl: z.string().url().optional(),
  did: z.string().startsWith('did:'),
  handle: z.string().min(1),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});

export type BlueskyCredentials = z.infer<typeof blueskyCredentialsSchema>;

export function parseCredentials(value: unknown): BlueskyCredentials {
  const parsed = blueskyCredentialsSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConnectorError(
      'auth',
      `The saved ${NETWORK_NAME} credentials are incomplete; connect the account again`,
      {
        networkMessage: parsed.error.message,
      },
    );
  }
  return parsed.data;
}

/**
 * The `exp` claim of a JWT in epoch ms, read without verifying it: the PDS verifies, Crier only needs
 * to know when to refresh. Undefined when the token carries no readable expiry.
 */
export function tokenExpiresAt(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = typeof claims === 'object' && claims !== null ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // not a JWT we can read: let the PDS judge it
    throw error;
  }
}

/** Refresh this long before the access token expires, so a slow upload does not run past it. */
export const REFRESH_MARGIN_MS = 60_000;

export function needsRefresh(credentials: BlueskyCredentials, now: number): boolean {
  const expiresAt = tokenExpiresAt(credentials.accessJwt);
  return expiresAt !== undefined && expiresAt - REFRESH_MARGIN_MS <= now;
}
