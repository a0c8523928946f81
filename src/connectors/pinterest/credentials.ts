import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

export const pinterestCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms. */
  expiresAt: z.number().int(),
  refreshExpiresAt: z.number().int().optional(),
  scope: z.string(),
  userId: z.string().min(1),
  username: z.string().min(1),
  avatarUrl: z.string().optional(),
});

export type PinterestCredentials = z.infer<typeof pinterestCredentialsSchema>;

export function parseCredentials(value: unknown): PinterestCredentials {
  const parsed = pinterestCredentialsSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConnectorError(
      'auth',
      `The saved ${NETWORK_NAME} credentials are incomplete; connect the account again`,
      { networkMessage: parsed.error.message },
    );
  }
  return parsed.data;
}

export function profileOf(credentials: PinterestCredentials, webUrl: string): AccountProfile {
  return {
    remoteId: credentials.userId,
    handle: credentials.username,
    displayName: credentials.username,
    profileUrl: `${webUrl}/${credentials.username}/`,
    avatarUrl: credentials.avatarUrl,
  };
}

export function connectedAccount(credentials: PinterestCredentials, webUrl: string): ConnectedAccount {
  return { profile: profileOf(credentials, webUrl), credentials: { ...credentials }, expiresAt: credentials.expiresAt };
}
