import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

export const snapchatCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresAt: z.number().int(),
  profileId: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string(),
});

export type SnapchatCredentials = z.infer<typeof snapchatCredentialsSchema>;

export function parseCredentials(value: unknown): SnapchatCredentials {
  const parsed = snapchatCredentialsSchema.safeParse(value);
  if (!parsed.success)
    throw new ConnectorError(
      'auth',
      `The saved ${NETWORK_NAME} credentials are incomplete; connect the account again`,
      { networkMessage: parsed.error.message },
    );
  return parsed.data;
}

export function connectedAccount(credentials: SnapchatCredentials, webUrl: string): ConnectedAccount {
  const profile: AccountProfile = {
    remoteId: credentials.profileId,
    handle: credentials.username,
    displayName: credentials.displayName || credentials.username,
    profileUrl: `${webUrl}/add/${credentials.username}`,
  };
  return { profile, credentials: { ...credentials }, expiresAt: credentials.expiresAt };
}
