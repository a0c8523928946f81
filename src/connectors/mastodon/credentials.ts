import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

/**
 * What the Mastodon connector keeps for an account: the instance, its token (Mastodon tokens do not
 * expire and have no refresh token) and the app registration the token belongs to, which revoking
 * needs and which survives a restart of Crier inside the encrypted credentials.
 */
export const mastodonCredentialsSchema = z.object({
  server: z.string().url(),
  accessToken: z.string().min(1),
  scope: z.string(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  accountId: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string(),
  profileUrl: z.string().url(),
  avatarUrl: z.string().optional(),
});

export type MastodonCredentials = z.infer<typeof mastodonCredentialsSchema>;

export function parseCredentials(value: unknown): MastodonCredentials {
  const parsed = mastodonCredentialsSchema.safeParse(value);
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

export function profileOf(credentials: MastodonCredentials): AccountProfile {
  return {
    remoteId: credentials.accountId,
    // The full address, because the same username exists on many instances.
    handle: `${credentials.username}@${new URL(credentials.server).host}`,
    displayName: credentials.displayName || credentials.username,
    profileUrl: credentials.profileUrl,
    avatarUrl: credentials.avatarUrl,
  };
}

export function connectedAccount(credentials: MastodonCredentials): ConnectedAccount {
  return { profile: profileOf(credentials), credentials: { ...credentials } };
}
