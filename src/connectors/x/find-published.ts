import type { AccountSession, FindPublishedInput, PublishResult } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { callX, type XTransport } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import type { XOAuth } from './oauth.js';
import { SessionTokens } from './session-tokens.js';

export interface FindDependencies {
  transport: XTransport;
  oauth: XOAuth;
  webUrl: string;
}

/** Pages of the account's timeline read before giving up on an answer (100 posts each). */
const MAX_PAGES = 10;
/** Clocks differ: look a little before the first attempt started. */
const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * Looks for a post after a publish call that ended without an answer. X has no idempotency key, but
 * it refuses a second post with the same text from one account, so among the account's posts since
 * the first attempt, one with this text is this publication's. Reads
 * `GET /2/users/{id}/tweets` (newest first, from `start_time`).
 */
export async function findPublishedPost(
  deps: FindDependencies,
  session: AccountSession,
  input: FindPublishedInput,
): Promise<PublishResult | undefined> {
  const tokens = new SessionTokens(session, deps.oauth, deps.transport.now);
  const wanted = comparableText(input.text);
  let paginationToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await readingOnly(() =>
      tokens.run((accessToken) =>
        callX(deps.transport, {
          method: 'GET',
          path: `/2/users/${tokens.userId}/tweets`,
          accessToken,
          query: {
            max_results: '100',
            start_time: new Date(input.since - CLOCK_SKEW_MS).toISOString(),
            'post.fields': 'created_at',
            ...(paginationToken ? { pagination_token: paginationToken } : {}),
          },
          action: 'looking for the post among the account’s recent posts',
        }),
      ),
    );
    const body = answer.body as { data?: Array<{ id?: unknown; text?: unknown }>; meta?: { next_token?: unknown } };
    for (const post of body.data ?? []) {
      if (typeof post.id === 'string' && typeof post.text === 'string' && comparableText(post.text) === wanted) {
        return {
          remoteId: post.id,
          permalink: `${deps.webUrl.replace(/\/$/, '')}/${session.profile.handle}/status/${post.id}`,
        };
      }
    }
    if (typeof body.meta?.next_token !== 'string') return undefined;
    paginationToken = body.meta.next_token;
  }
  throw new ConnectorError(
    'transient',
    `The account posted more than ${MAX_PAGES * 100} times since this publication started; Crier cannot tell from ${NETWORK_NAME} whether it is among them`,
  );
}

/**
 * Text as both sides can be compared: X returns links as t.co addresses (and adds one for attached
 * media) and escapes &, < and > as HTML entities, so links are left out and entities read back.
 */
export function comparableText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A read publishes nothing: a call that got no answer is only transient here. */
async function readingOnly<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isConnectorError(error) && error.errorClass === 'unknown_outcome') {
      throw new ConnectorError('transient', `${NETWORK_NAME} did not answer while Crier looked for the post`, {
        networkMessage: error.networkMessage,
        cause: error,
      });
    }
    throw error;
  }
}
