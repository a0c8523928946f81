import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

/** What the TikTok connector keeps for an account: rotating tokens, and who the creator is. */
export const tikTokCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresAt: z.number().int(),
  refreshExpiresAt: z.number().int(),
  scope: z.string(),
  openId: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string(),
  avatarUrl: z.string().optional(),
});

export type TikTokCredentials = z.infer<typeof tikTokCredentialsSchema>;

export function parseCredentials(value: unknown): TikTokCredentials {
  const parsed = tikTokCredentialsSchema.safeParse(value);
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

export function profileOf(credentials: TikTokCredentials, webUrl: string): AccountProfile {
  return {
    remoteId: credentials.openId,
    handle: credentials.username,
    displayName: credentials.displayName,
    profileUrl: `${webUrl}/@${credentials.username}`,
    avatarUrl: credentials.avatarUrl,
  };
}

export function connectedAccount(credentials: TikTokCredentials, webUrl: string): ConnectedAccount {
  // The refresh token's own end is what matters to Crier: past it, the person must connect again.
  return { profile: profileOf(credentials, webUrl), credentials: { ...credentials }, expiresAt: credentials.expiresAt };
}
