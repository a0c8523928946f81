import type { AccountSession, CommentPage, MetricsReading, PublishResult, RemoteComment } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { isOrganization, NETWORK_NAME } from './credentials.js';
import type { LinkedInContext } from './publish.js';
import { callLinkedIn, urnPath } from './rest-client.js';
import { LinkedInSessionTokens } from './session-tokens.js';

const PAGE_SIZE = 50;

function tokensFor(context: LinkedInContext, session: AccountSession): LinkedInSessionTokens {
  return new LinkedInSessionTokens(session, context.oauth, context.webUrl, context.transport.now);
}

/** Comments on a post, oldest first, `start`/`count` page by page (linkedin.md, Reading engagement). */
export async function listLinkedInComments(
  context: LinkedInContext,
  session: AccountSession,
  input: { postRemoteId: string; cursor?: string },
): Promise<CommentPage> {
  const start = Number(input.cursor ?? 0) || 0;
  const answer = await tokensFor(context, session).run((accessToken) =>
    callLinkedIn(context.transport, {
      method: 'GET',
      path: `/rest/socialActions/${urnPath(input.postRemoteId)}/comments`,
      accessToken,
      query: { start: String(start), count: String(PAGE_SIZE) },
      action: 'reading the comments',
    }),
  );
  const elements = (Array.isArray(answer.body?.elements) ? answer.body.elements : []) as Array<Record<string, unknown>>;
  const comments: RemoteComment[] = elements.map((element) => {
    const actor = String(element.actor ?? '');
    const created = element.created as { time?: unknown } | undefined;
    return {
      remoteId: String(element.commentUrn ?? element.id ?? ''),
      parentRemoteId: typeof element.parentComment === 'string' ? element.parentComment : undefined,
      // The comment names its author by URN only; reading names needs profile access LinkedIn restricts.
      author: { remoteId: actor, handle: actor.slice(actor.lastIndexOf(':') + 1) },
      text: String((element.message as { text?: unknown } | undefined)?.text ?? ''),
      createdAt: Number(created?.time ?? 0),
    };
  });
  const paging = answer.body?.paging as { total?: unknown; links?: Array<{ rel?: unknown }> } | undefined;
  const next = start + elements.length;
  const more =
    paging?.links?.some((link) => link.rel === 'next') || (typeof paging?.total === 'number' && next < paging.total);
  return { comments, nextCursor: more && elements.length > 0 ? String(next) : undefined };
}

/** A reply is a comment on the post with `parentComment`, made as the account's author. */
export async function replyOnLinkedIn(
  context: LinkedInContext,
  session: AccountSession,
  input: { postRemoteId: string; commentRemoteId: string; text: string },
): Promise<PublishResult> {
  const tokens = tokensFor(context, session);
  const answer = await tokens.run((accessToken) =>
    callLinkedIn(context.transport, {
      method: 'POST',
      path: `/rest/socialActions/${urnPath(input.postRemoteId)}/comments`,
      accessToken,
      json: {
        actor: tokens.current.authorUrn,
        object: input.postRemoteId,
        message: { text: input.text },
        parentComment: input.commentRemoteId,
      },
      action: 'replying to the comment',
    }),
  );
  const urn =
    answer.headers.get('x-restli-id') ??
    (typeof answer.body?.commentUrn === 'string' ? answer.body.commentUrn : undefined);
  if (!urn) throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} accepted the reply but named no comment URN`);
  return {
    remoteId: urn,
    permalink: `${context.webUrl}/feed/update/${input.postRemoteId}/?commentUrn=${encodeURIComponent(urn)}`,
  };
}

/**
 * A post's figures in Crier's names. Organization posts: `organizationalEntityShareStatistics`
 * (impressionCount → impressions, uniqueImpressionsCount → reach, clickCount → clicks, likeCount →
 * likes, commentCount → comments, shareCount → shares). Member posts: LinkedIn's member analytics are
 * restricted, so only `socialMetadata` (reactions → likes, comments). Saves and video views: none.
 */
export async function readLinkedInMetrics(
  context: LinkedInContext,
  session: AccountSession,
  input: { postRemoteId: string },
): Promise<MetricsReading> {
  const tokens = tokensFor(context, session);
  const author = tokens.current.authorUrn;
  if (isOrganization(author)) {
    const list = input.postRemoteId.startsWith('urn:li:ugcPost:') ? 'ugcPosts' : 'shares';
    const answer = await tokens.run((accessToken) =>
      callLinkedIn(context.transport, {
        method: 'GET',
        path: '/rest/organizationalEntityShareStatistics',
        accessToken,
        query: { q: 'organizationalEntity', organizationalEntity: author, [list]: { list: [input.postRemoteId] } },
        action: 'reading the post statistics',
      }),
    );
    const element = ((Array.isArray(answer.body?.elements) ? answer.body.elements : [])[0] ?? {}) as {
      totalShareStatistics?: Record<string, unknown>;
    };
    const raw = numbers(element.totalShareStatistics ?? {});
    const metrics: MetricsReading['metrics'] = {};
    const map = {
      impressionCount: 'impressions',
      uniqueImpressionsCount: 'reach',
      clickCount: 'clicks',
      likeCount: 'likes',
      commentCount: 'comments',
      shareCount: 'shares',
    } as const;
    for (const [name, common] of Object.entries(map)) if (raw[name] !== undefined) metrics[common] = raw[name];
    return { metrics, raw };
  }
  const answer = await tokens.run((accessToken) =>
    callLinkedIn(context.transport, {
      method: 'GET',
      path: `/rest/socialMetadata/${urnPath(input.postRemoteId)}`,
      accessToken,
      action: 'reading the post reactions',
    }),
  );
  const reactions = (answer.body?.reactionSummaries ?? {}) as Record<string, { count?: unknown }>;
  const raw: Record<string, number> = {};
  for (const [type, summary] of Object.entries(reactions))
    if (Number.isFinite(Number(summary.count))) raw[`reactions.${type}`] = Number(summary.count);
  const comments = Number((answer.body?.commentSummary as { count?: unknown } | undefined)?.count);
  if (Number.isFinite(comments)) raw['commentSummary.count'] = comments;
  const likes = Object.entries(raw)
    .filter(([name]) => name.startsWith('reactions.'))
    .reduce((total, [, value]) => total + value, 0);
  return { metrics: { likes, ...(Number.isFinite(comments) ? { comments } : {}) }, raw };
}

function numbers(values: Record<string, unknown>): Record<string, number> {
  const raw: Record<string, number> = {};
  for (const [name, value] of Object.entries(values))
    if (typeof value === 'number' && Number.isFinite(value)) raw[name] = value;
  return raw;
}
