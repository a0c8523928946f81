import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';

export const NETWORK_NAME = 'Threads';

/**
 * What the Threads connector keeps for an account: the long-lived token (60 days, renewable once a
 * day old while it lasts; threads.md) and who it belongs to, so a refresh needs no profile call.
 */
export const threadsCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  /** Epoch ms when the token was issued; Threads renews only tokens at least a day old. */
  issuedAt: z.number().int(),
  /** Epoch ms when the token stops working. */
  expiresAt: z.number().int(),
  scope: z.string(),
  /** The Threads user id, as a string (Meta writes it as a number too long for a double). */
  userId: z.string().regex(/^\d+$/),
  username: z.string().min(1),
  displayName: z.string(),
  avatarUrl: z.string().optional(),
});

export type ThreadsCredentials = z.infer<typeof threadsCredentialsSchema>;

/**
 * A lapsed Threads token cannot be renewed, so Crier's refresh run is told the account needs
 * renewing a week before the token lapses: time enough for a Crier that was down a few days.
 */
export const RENEW_BEFORE_EXPIRY_MS = 7 * 24 * 60 * 60_000;

export function parseThreadsCredentials(value: unknown): ThreadsCredentials {
  const parsed = threadsCredentialsSchema.safeParse(value);
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

export function threadsProfile(credentials: ThreadsCredentials, webUrl: string): AccountProfile {
  return {
    remoteId: credentials.userId,
    handle: credentials.username,
    displayName: credentials.displayName,
    profileUrl: `${webUrl}/@${credentials.username}`,
    avatarUrl: credentials.avatarUrl,
  };
}

export function threadsAccount(credentials: ThreadsCredentials, webUrl: string): ConnectedAccount {
  return {
    profile: threadsProfile(credentials, webUrl),
    credentials: { ...credentials },
    expiresAt: credentials.expiresAt - RENEW_BEFORE_EXPIRY_MS,
  };
}
