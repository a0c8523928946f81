import { createHash } from 'node:crypto';
import type { mastodon } from 'masto';
import type { AccountSession, CommentPage, MetricsReading, PublishResult, RemoteComment } from '../kit/connector.js';
import { parseCredentials } from './credentials.js';
import { classifyFailure, nothingPublished } from './errors.js';
import { type MastodonTransport, mastoFor } from './instance.js';

const PAGE_SIZE = 40;

function clientFor(transport: MastodonTransport, session: AccountSession) {
  const account = parseCredentials(session.credentials);
  return { account, masto: mastoFor(transport, account.server, account.accessToken) };
}

/** A status as an inbox item: Mastodon's HTML content becomes plain text. */
function commentOf(status: mastodon.v1.Status, postRemoteId: string): RemoteComment {
  return {
    remoteId: status.id,
    parentRemoteId: status.inReplyToId && status.inReplyToId !== postRemoteId ? status.inReplyToId : undefined,
    author: {
      remoteId: status.account.id,
      handle: status.account.acct,
      displayName: status.account.displayName || undefined,
    },
    // A reply starts with the mentions of whom it answers; the inbox shows what was said.
    text: plainText(status.content).replace(/^(@[\w.-]+(@[\w.-]+)?\s+)+/, ''),
    createdAt: Date.parse(status.createdAt),
  };
}

export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * Replies to a post, the whole thread below it (GET /api/v1/statuses/:id/context, which a user token
 * gets up to 4,096 deep), oldest first. Mastodon does not page a context, so the cursor is a position
 * in it.
 */
export async function listReplies(
  transport: MastodonTransport,
  session: AccountSession,
  input: { postRemoteId: string; cursor?: string },
): Promise<CommentPage> {
  const { masto } = clientFor(transport, session);
  let context: mastodon.v1.Context;
  try {
    context = await masto.call((client) => client.v1.statuses.$select(input.postRemoteId).context.fetch());
  } catch (error) {
    throw nothingPublished(classifyFailure(error, 'reading the replies', transport.now()));
  }
  const replies = [...context.descendants].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const start = Number(input.cursor ?? 0) || 0;
  const page = replies.slice(start, start + PAGE_SIZE);
  const next = start + PAGE_SIZE < replies.length ? String(start + PAGE_SIZE) : undefined;
  return { comments: page.map((status) => commentOf(status, input.postRemoteId)), nextCursor: next };
}

/** Mentions of the account anywhere (GET /api/v1/notifications?types[]=mention), newest first, paged by max_id. */
export async function listMentions(
  transport: MastodonTransport,
  session: AccountSession,
  input: { cursor?: string },
): Promise<CommentPage> {
  const { masto } = clientFor(transport, session);
  let notifications: mastodon.v1.Notification[];
  try {
    notifications = await masto.call((client) =>
      // A paginator; awaiting it gives the first page.
      Promise.resolve(client.v1.notifications.list({ types: ['mention'], limit: PAGE_SIZE, maxId: input.cursor })),
    );
  } catch (error) {
    throw nothingPublished(classifyFailure(error, 'reading mentions', transport.now()));
  }
  const comments = notifications.flatMap((notification) =>
    notification.status ? [commentOf(notification.status, '')] : [],
  );
  const last = notifications.at(-1);
  return { comments, nextCursor: notifications.length === PAGE_SIZE && last ? last.id : undefined };
}

/**
 * Answers a reply: mentions its author (so they are notified), keeps the thread's visibility, and
 * uses an Idempotency-Key made of the comment and the text, so a repeated answer is not posted twice.
 */
export async function replyTo(
  transport: MastodonTransport,
  session: AccountSession,
  input: { postRemoteId: string; commentRemoteId: string; text: string },
): Promise<PublishResult> {
  const { masto } = clientFor(transport, session);
  let comment: mastodon.v1.Status;
  try {
    comment = await masto.call((client) => client.v1.statuses.$select(input.commentRemoteId).fetch());
  } catch (error) {
    throw nothingPublished(classifyFailure(error, 'reading the comment to answer', transport.now()));
  }
  const mention = `@${comment.account.acct}`;
  const text = input.text.includes(mention) ? input.text : `${mention} ${input.text}`;
  const key = createHash('sha256').update(`${input.commentRemoteId}\u0000${input.text}`).digest('hex');
  try {
    const reply = await masto.call((client) =>
      client.v1.statuses.create(
        {
          status: text,
          inReplyToId: comment.id,
          visibility: comment.visibility === 'public' ? 'public' : comment.visibility,
        },
        { requestInit: { headers: { 'Idempotency-Key': key } } },
      ),
    );
    return { remoteId: reply.id, permalink: reply.url ?? reply.uri };
  } catch (error) {
    throw classifyFailure(error, 'answering the comment', transport.now());
  }
}

/** Favourites, boosts and replies of a status; Mastodon has no impressions or reach. */
export async function readStatusMetrics(
  transport: MastodonTransport,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  const { masto } = clientFor(transport, session);
  let status: mastodon.v1.Status;
  try {
    status = await masto.call((client) => client.v1.statuses.$select(input.postRemoteId).fetch());
  } catch (error) {
    throw nothingPublished(classifyFailure(error, 'reading the metrics', transport.now()));
  }
  const raw: Record<string, number> = {
    favourites_count: status.favouritesCount,
    reblogs_count: status.reblogsCount,
    replies_count: status.repliesCount,
  };
  const quotes = (status as { quotesCount?: number }).quotesCount;
  if (typeof quotes === 'number') raw.quotes_count = quotes;
  return {
    metrics: { likes: status.favouritesCount, shares: status.reblogsCount, comments: status.repliesCount },
    raw,
  };
}
