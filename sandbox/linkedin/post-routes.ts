import type { FastifyInstance } from 'fastify';
import { estimateAudience, MINIMUM_TARGET_AUDIENCE } from './audience.js';
import { LinkedInFailure, linkedInErrors } from './errors.js';
import { renderLittleText } from './little-text.js';
import { type PostBody, parseBody, postSchema } from './post-schema.js';
import { type RestContext, requireScope, restContextOf } from './rest-pipeline.js';
import type { LinkedInState, Post } from './state.js';

const MAX_COMMENTARY = 3000;
/** Roles that may post for an organization (linkedin.md, Auth). */
export const POSTING_ROLES = ['ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER'] as const;

const invalid = (message: string, code: string, fieldPath: string) =>
  new LinkedInFailure(linkedInErrors.unprocessable(message, [{ code, description: message, fieldPath }]));

/** `/rest/posts`: create (201, empty body, the URN in `x-restli-id`), read and delete posts. */
export function registerPostRoutes(app: FastifyInstance, state: LinkedInState): void {
  app.post('/rest/posts', async (request, reply) => {
    const context = restContextOf(request);
    const body = parseBody(postSchema, request.body, 'The post');
    requireAuthor(context, state, body.author, 'posts.CREATE');
    const renderedText = renderLittleText(body.commentary);
    if ([...renderedText].length > MAX_COMMENTARY) {
      throw invalid(`commentary is longer than ${MAX_COMMENTARY} characters`, 'INVALID_LENGTH', '/commentary');
    }
    checkTargeting(state, body);
    checkContent(state, body);
    const duplicate = [...state.posts.values()].find(
      (post) => post.author === body.author && renderedText.trim() !== '' && post.renderedText === renderedText,
    );
    if (duplicate) throw invalid(`Content is a duplicate of ${duplicate.urn}`, 'DUPLICATE_POST', '/commentary');
    const post = state.addPost({
      author: body.author,
      commentary: body.commentary,
      renderedText,
      visibility: body.visibility,
      distribution: body.distribution,
      content: body.content as Record<string, unknown> | undefined,
      lifecycleState: body.lifecycleState,
      isReshareDisabledByAuthor: body.isReshareDisabledByAuthor ?? false,
      clientId: context.grant.clientId,
    });
    return reply.code(201).header('x-restli-id', post.urn).send();
  });

  app.get<{ Params: { urn: string } }>('/rest/posts/:urn', async (request) => {
    const context = restContextOf(request);
    const post = state.posts.get(request.params.urn);
    if (!post) throw new LinkedInFailure(linkedInErrors.notFound(`Post ${request.params.urn}`));
    requireScope(
      context,
      post.author.startsWith('urn:li:organization:')
        ? ['r_organization_social', 'w_organization_social']
        : ['r_member_social', 'w_member_social'],
      'posts.GET',
    );
    return postJson(post);
  });

  app.delete<{ Params: { urn: string } }>('/rest/posts/:urn', async (request, reply) => {
    const context = restContextOf(request);
    const post = state.posts.get(request.params.urn);
    if (!post) throw new LinkedInFailure(linkedInErrors.notFound(`Post ${request.params.urn}`));
    requireAuthor(context, state, post.author, 'posts.DELETE');
    state.posts.delete(post.urn);
    state.touched();
    return reply.code(204).send();
  });
}

/** The caller may act as this author: themselves, or an organization they administer. */
export function requireAuthor(context: RestContext, state: LinkedInState, author: string, resource: string): void {
  if (author.startsWith('urn:li:person:')) {
    if (author !== `urn:li:person:${context.member.id}`)
      throw new LinkedInFailure(linkedInErrors.accessDenied(`${resource}.${context.version}`));
    requireScope(context, ['w_member_social'], resource);
    return;
  }
  requireScope(context, ['w_organization_social'], resource);
  const organizationId = author.slice('urn:li:organization:'.length);
  const roles = state.rolesOf(context.member.id, organizationId);
  if (
    !state.organizations.has(organizationId) ||
    !roles.some((role) => (POSTING_ROLES as readonly string[]).includes(role))
  ) {
    throw new LinkedInFailure(
      linkedInErrors.accessDenied(`${resource}.${context.version} (organization ${organizationId})`),
    );
  }
}

function checkTargeting(state: LinkedInState, body: PostBody): void {
  const entities = body.distribution.targetEntities ?? [];
  if (entities.length === 0) return;
  if (!body.author.startsWith('urn:li:organization:')) {
    throw invalid(
      'targetEntities are allowed on organization posts only; member posts cannot be targeted',
      'INVALID_FIELD_VALUE',
      '/distribution/targetEntities',
    );
  }
  if (body.lifecycleState !== 'PUBLISHED') {
    throw invalid('A targeted post must have lifecycleState PUBLISHED', 'INVALID_FIELD_VALUE', '/lifecycleState');
  }
  const organization = state.organizations.get(body.author.slice('urn:li:organization:'.length));
  const audience = organization
    ? Math.max(...entities.map((entity) => estimateAudience(organization.followers, entity)))
    : 0;
  if (audience < MINIMUM_TARGET_AUDIENCE) {
    throw invalid(
      `The targeted audience is too small: about ${audience} members match, and at least ${MINIMUM_TARGET_AUDIENCE} are required`,
      'INVALID_FIELD_VALUE',
      '/distribution/targetEntities',
    );
  }
}

function checkContent(state: LinkedInState, body: PostBody): void {
  const content = body.content;
  if (!content) return;
  const ready = (id: string, fieldPath: string) => {
    const media = id.startsWith('urn:li:video:') ? state.videos.get(id) : state.images.get(id);
    if (!media || media.owner !== body.author)
      throw invalid(`${id} does not exist or belongs to another author`, 'INVALID_FIELD_VALUE', fieldPath);
    if (media.status !== 'AVAILABLE')
      throw invalid(`${id} is not AVAILABLE yet (${media.status})`, 'INVALID_FIELD_VALUE', fieldPath);
  };
  if ('media' in content) ready(content.media.id, '/content/media/id');
  if ('multiImage' in content) {
    for (const [index, image] of content.multiImage.images.entries())
      ready(image.id, `/content/multiImage/images/${index}/id`);
  }
  if ('article' in content && content.article.thumbnail) ready(content.article.thumbnail, '/content/article/thumbnail');
}

export function postJson(post: Post): Record<string, unknown> {
  return {
    id: post.urn,
    author: post.author,
    commentary: post.commentary,
    visibility: post.visibility,
    distribution: post.distribution,
    ...(post.content ? { content: post.content } : {}),
    lifecycleState: post.lifecycleState,
    isReshareDisabledByAuthor: post.isReshareDisabledByAuthor,
    createdAt: post.createdAt,
    publishedAt: post.createdAt,
    lastModifiedAt: post.createdAt,
  };
}
