import type { AccountSession, FindPublishedInput, PublishResult } from '../kit/connector.js';
import type { FacebookLogin } from './facebook-login.js';
import { callGraph, type GraphTransport, stringField } from './graph-client.js';
import { PageSession } from './page-session.js';

/** Clocks differ; a post stamped a little before the attempt started is still this publication's. */
const CLOCK_SKEW_MS = 2 * 60_000;
const RECENT = '25';

export interface RecentListing {
  /** `/{page-id}/feed` or `/{ig-user-id}/media`, from the account's credentials. */
  path: (session: PageSession) => string;
  fields: string;
  textField: 'message' | 'caption';
  timeField: 'created_time' | 'timestamp';
  permalinkField: 'permalink_url' | 'permalink';
}

/**
 * After an unknown outcome: looks through the account's newest posts for one with exactly the text
 * that was sent, made after the attempt started. Meta has no idempotency key, so the text and the
 * time are all there is to go by; Crier's texts carry a tracked link per publication, which makes
 * them distinct in practice.
 */
export async function findRecentPost(
  deps: { transport: GraphTransport; login: FacebookLogin; networkName: string },
  listing: RecentListing,
  session: AccountSession,
  input: FindPublishedInput,
): Promise<PublishResult | undefined> {
  const page = new PageSession(session, deps.login, deps.networkName);
  const answer = await page.run((accessToken) =>
    callGraph(deps.transport, {
      method: 'GET',
      path: listing.path(page),
      accessToken,
      params: { fields: listing.fields, limit: RECENT },
      action: 'looking for the post',
    }),
  );
  const entries = Array.isArray(answer.data) ? (answer.data as Array<Record<string, unknown>>) : [];
  const found = entries.find((entry) => {
    const at = Date.parse(String(entry[listing.timeField] ?? '').replace(/\+0000$/, 'Z'));
    return entry[listing.textField] === input.text && Number.isFinite(at) && at >= input.since - CLOCK_SKEW_MS;
  });
  const remoteId = found && stringField(found, 'id');
  if (!found || !remoteId) return undefined;
  return { remoteId, permalink: stringField(found, listing.permalinkField) ?? '' };
}
