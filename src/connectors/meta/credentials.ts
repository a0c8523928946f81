import { z } from 'zod';
import { ConnectorError } from '../kit/errors.js';

/**
 * What the Facebook and Instagram connectors keep for an account. Meta has no refresh tokens: the
 * long-lived user token (about 60 days) can fetch a new Page token while it lasts; a Page token taken
 * with it does not expire. When the user token runs out, the person connects again.
 */
export const metaCredentialsSchema = z.object({
  userAccessToken: z.string().min(1),
  /** Epoch ms; absent when Meta named no expiry. */
  userTokenExpiresAt: z.number().int().optional(),
  pageId: z.string().min(1),
  pageName: z.string(),
  pageAccessToken: z.string().min(1),
  /** Instagram only: the professional account linked to the Page. */
  instagramId: z.string().min(1).optional(),
  instagramUsername: z.string().min(1).optional(),
});

export type MetaCredentials = z.infer<typeof metaCredentialsSchema>;

export function parseMetaCredentials(value: unknown, networkName: string): MetaCredentials {
  const parsed = metaCredentialsSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConnectorError('auth', `The saved ${networkName} credentials are incomplete; connect the account again`, {
      networkMessage: parsed.error.message,
    });
  }
  return parsed.data;
}
