import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

/**
 * What the X connector keeps for an account. The user id and username ride along with the tokens so
 * a refresh can hand back a complete account without spending a call on /2/users/me.
 */
export const xCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  /** Present only when the person granted offline.access. */
  refreshToken: z.string().min(1).optional(),
  /** Epoch ms when the access token stops working. */
  expiresAt: z.number().int(),
  scope: z.string(),
  userId: z.string().regex(/^\d{1,19}$/),
  username: z.string().min(1),
  displayName: z.string(),
});

export type XCredentials = z.infer<typeof xCredentialsSchema>;

export function parseCredentials(value: unknown): XCredentials {
  const parsed = xCredentialsSchema.safeParse(value);
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

export function profileOf(credentials: XCredentials, webUrl: string): AccountProfile {
  return {
    remoteId: credentials.userId,
    handle: credentials.username,
    displayName: credentials.displayName,
    profileUrl: `${webUrl}/${credentials.username}`,
  };
}

export function connectedAccount(credentials: XCredentials, profile: AccountProfile): ConnectedAccount {
  return { profile, credentials: { ...credentials }, expiresAt: credentials.expiresAt };
}
