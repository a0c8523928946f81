import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { NETWORK_NAME } from './errors.js';

/**
 * What the YouTube connector keeps for an account. The channel's id, title and handle ride along with
 * the tokens so a refresh hands back a complete account without spending quota on channels.list.
 */
export const youTubeCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms when the access token stops working. */
  expiresAt: z.number().int(),
  scope: z.string(),
  channelId: z.string().min(1),
  channelTitle: z.string(),
  /** `@handle`, when the channel has one. */
  customUrl: z.string().optional(),
});

export type YouTubeCredentials = z.infer<typeof youTubeCredentialsSchema>;

export function parseCredentials(value: unknown): YouTubeCredentials {
  const parsed = youTubeCredentialsSchema.safeParse(value);
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

export function profileOf(credentials: YouTubeCredentials, webUrl: string): AccountProfile {
  const handle = credentials.customUrl ?? credentials.channelId;
  return {
    remoteId: credentials.channelId,
    handle,
    displayName: credentials.channelTitle,
    profileUrl: credentials.customUrl
      ? `${webUrl}/${credentials.customUrl}`
      : `${webUrl}/channel/${credentials.channelId}`,
  };
}

export function connectedAccount(credentials: YouTubeCredentials, webUrl: string): ConnectedAccount {
  return { profile: profileOf(credentials, webUrl), credentials: { ...credentials }, expiresAt: credentials.expiresAt };
}
