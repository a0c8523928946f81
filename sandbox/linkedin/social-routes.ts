import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LinkedInFailure, linkedInErrors } from './errors.js';
import { requireAuthor } from './post-routes.js';
import { parseBody } from './post-schema.js';
import { requireScope, restContextOf } from './rest-pipeline.js';
import type { Comment, LinkedInState } from './state.js';

const DEFAULT_COUNT = 10;
const MAX_COUNT = 100;

const commentSchema = z
  .object({
    actor: z.string().regex(/^urn:li:(?:person|organization):[A-Za-z0-9_-]+$/),
    object: z.string().min(1),
    message: z.object({ text: z.string().min(1).max(1250) }).strict(),
    parentComment: z.string().startsWith('urn:li:comment:').optional(),
  })
  .strict();

/** Comments on a post (`socialActions/{urn}/comments`), page by page, replies, and reaction summaries. */
export function registerSocialRoutes(app: FastifyInstance, state: LinkedInState): void {
  const readScopes = (urn: string) => {
    const post = state.posts.get(urn);
    if (!post) throw new LinkedInFailure(linkedInErrors.notFound(`Post ${urn}`));
    return post.author.startsWith('urn:li:organization:')
      ? ['r_organization_social', 'w_organization_social']
      : ['r_member_social', 'w_member_social'];
  };

  app.get<{ Params: { urn: string } }>('/rest/socialActions/:urn/comments', async (request) => {
    const context = restContextOf(request);
    const { urn } = request.params;
    requireScope(context, readScopes(urn), 'socialActions.comments.GET_ALL');
    const query = request.query as Record<string, string | undefined>;
    const start = Math.max(0, Number(query.start ?? 0) || 0);
    const count = Math.min(MAX_COUNT, Math.max(1, Number(query.count ?? DEFAULT_COUNT) || DEFAULT_COUNT));
    const all = state.commentsOn(urn);
    const links =
      start + count < all.length
        ? [{ rel: 'next', type: 'application/json', href: nextHref(request, start + count, count) }]
        : [];
    return {
      elements: all.slice(start, start + count).map(commentJson),
      paging: { start, count, total: all.length, links },
    };
  });

  app.post<{ Params: { urn: string } }>('/rest/socialActions/:urn/comments', async (request, reply) => {
    const context = restContextOf(request);
    const body = parseBody(commentSchema, request.body, 'The comment');
    requireAuthor(context, state, body.actor, 'socialActions.comments.CREATE');
    // A reply to a comment is posted on the post with parentComment, or on the comment's own URN.
    const pathComment = state.comments.get(request.params.urn);
    const object = pathComment ? pathComment.object : request.params.urn;
    if (!state.posts.has(object) || body.object !== object) {
      throw new LinkedInFailure(
        linkedInErrors.unprocessable('object must be the post commented on', [
          { code: 'INVALID_VALUE', description: 'object does not match the path', fieldPath: '/object' },
        ]),
      );
    }
    const parent = body.parentComment ?? pathComment?.urn;
    if (parent && state.comments.get(parent)?.object !== object) {
      throw new LinkedInFailure(
        linkedInErrors.unprocessable('parentComment is not a comment on this post', [
          { code: 'INVALID_VALUE', description: 'unknown parentComment', fieldPath: '/parentComment' },
        ]),
      );
    }
    const comment = state.addComment({ object, actor: body.actor, text: body.message.text, parentComment: parent });
    return reply.code(201).header('x-restli-id', comment.urn).send(commentJson(comment));
  });

  app.get<{ Params: { urn: string } }>('/rest/socialMetadata/:urn', async (request) => {
    const context = restContextOf(request);
    const { urn } = request.params;
    requireScope(context, readScopes(urn), 'socialMetadata.GET');
    const post = state.posts.get(urn);
    const comments = state.commentsOn(urn);
    const likes = post?.statistics.likeCount ?? 0;
    return {
      entity: urn,
      reactionSummaries: likes > 0 ? { LIKE: { reactionType: 'LIKE', count: likes } } : {},
      commentSummary: {
        count: comments.length,
        topLevelCount: comments.filter((comment) => !comment.parentComment).length,
      },
      commentsState: 'OPEN',
    };
  });
}

function commentJson(comment: Comment) {
  const stamp = { actor: comment.actor, time: comment.createdAt };
  return {
    id: comment.id,
    commentUrn: comment.urn,
    actor: comment.actor,
    object: comment.object,
    message: { text: comment.text, attributes: [] },
    created: stamp,
    lastModified: stamp,
    ...(comment.parentComment ? { parentComment: comment.parentComment } : {}),
  };
}

function nextHref(request: FastifyRequest, start: number, count: number): string {
  const url = new URL(request.url, 'http://emulator.invalid');
  url.searchParams.set('start', String(start));
  url.searchParams.set('count', String(count));
  return `${url.pathname}${url.search}`;
}
