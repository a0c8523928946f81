import { z } from 'zod';
import type { AccountProfile, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';

export const NETWORK_NAME = 'LinkedIn';

/**
 * What the LinkedIn connector keeps for an account: the member's tokens and the author it posts as
 * (the member, or an organization they administer). Refresh tokens exist only for apps LinkedIn
 * approved for them (linkedin.md); without one, the person signs in again when access runs out.
 */
export const linkedInCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  /** Epoch ms. */
  expiresAt: z.number().int(),
  refreshToken: z.string().min(1).optional(),
  refreshTokenExpiresAt: z.number().int().optional(),
  scope: z.string(),
  /** `urn:li:person:…`: the member who signed in. */
  memberUrn: z.string().startsWith('urn:li:person:'),
  /** `urn:li:person:…` or `urn:li:organization:…`: who posts. */
  authorUrn: z.string().regex(/^urn:li:(?:person|organization):[A-Za-z0-9_-]+$/),
  authorName: z.string(),
  /** The organization's vanity name, or the member's name. */
  authorHandle: z.string().min(1),
});

export type LinkedInCredentials = z.infer<typeof linkedInCredentialsSchema>;

export function parseLinkedInCredentials(value: unknown): LinkedInCredentials {
  const parsed = linkedInCredentialsSchema.safeParse(value);
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

export function isOrganization(authorUrn: string): boolean {
  return authorUrn.startsWith('urn:li:organization:');
}

export function linkedInProfile(credentials: LinkedInCredentials, webUrl: string): AccountProfile {
  const organization = isOrganization(credentials.authorUrn);
  return {
    remoteId: credentials.authorUrn,
    handle: credentials.authorHandle,
    displayName: credentials.authorName,
    // LinkedIn sends a signed-in member's /in/me/ to their own profile; OpenID gives no vanity name.
    profileUrl: organization ? `${webUrl}/company/${credentials.authorHandle}/` : `${webUrl}/in/me/`,
  };
}

export function linkedInAccount(credentials: LinkedInCredentials, webUrl: string): ConnectedAccount {
  return {
    profile: linkedInProfile(credentials, webUrl),
    credentials: { ...credentials },
    expiresAt: credentials.expiresAt,
  };
}
