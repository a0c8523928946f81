import type { FastifyInstance } from 'fastify';
import { escapeHtml, sandboxPage } from '../common/html.js';
import type { LinkedInState } from './state.js';

/** Permalink and organization pages, so links Crier shows open something in the sandbox. */
export function registerWebRoutes(app: FastifyInstance, state: LinkedInState): void {
  app.get<{ Params: { urn: string } }>('/feed/update/:urn', async (request, reply) => {
    const post = state.posts.get(request.params.urn.replace(/\/$/, ''));
    if (!post)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('LinkedIn', 'Not found', '<h1>This post cannot be displayed</h1>'));
    const author = authorName(state, post.author);
    const targeted = post.distribution.targetEntities?.length ? '<p class="meta">Shown to a targeted audience</p>' : '';
    return reply.type('text/html').send(
      sandboxPage(
        'LinkedIn',
        `Post by ${author}`,
        `<p class="meta">${escapeHtml(author)} · ${new Date(post.createdAt).toISOString()}</p>
  <p class="post" data-testid="post-text">${escapeHtml(post.renderedText)}</p>${targeted}`,
      ),
    );
  });

  app.get<{ Params: { vanity: string } }>('/company/:vanity', async (request, reply) => {
    const organization = [...state.organizations.values()].find(
      (candidate) => candidate.vanityName === request.params.vanity.replace(/\/$/, ''),
    );
    if (!organization)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('LinkedIn', 'Not found', '<h1>Page not found</h1>'));
    const author = `urn:li:organization:${organization.id}`;
    const posts = [...state.posts.values()]
      .filter((post) => post.author === author)
      .map(
        (post) =>
          `<li><a href="/feed/update/${encodeURIComponent(post.urn)}/">${escapeHtml(post.renderedText || '(media)')}</a></li>`,
      )
      .join('');
    return reply
      .type('text/html')
      .send(
        sandboxPage(
          'LinkedIn',
          organization.localizedName,
          `<h1>${escapeHtml(organization.localizedName)}</h1><ul>${posts}</ul>`,
        ),
      );
  });
}

function authorName(state: LinkedInState, author: string): string {
  const organization = state.organizations.get(author.replace('urn:li:organization:', ''));
  if (organization) return organization.localizedName;
  const member = state.members.get(author.replace('urn:li:person:', ''));
  return member ? `${member.givenName} ${member.familyName}` : author;
}
