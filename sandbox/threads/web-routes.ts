import type { FastifyInstance } from 'fastify';
import { escapeHtml, sandboxPage } from '../common/html.js';
import { samplePng } from '../common/media-samples.js';
import type { ThreadsState } from './state.js';

/** Profile and permalink pages, so a permalink Crier shows opens something in the sandbox. */
export function registerWebRoutes(app: FastifyInstance, state: ThreadsState): void {
  app.get<{ Params: { username: string } }>('/@:username', async (request, reply) => {
    const user = state.findUserByUsername(request.params.username);
    if (!user)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('Threads', 'Not found', '<h1>Profile not found</h1>'));
    const posts = [...state.media.values()]
      .filter((media) => media.ownerId === user.id && !media.deleted && !media.replyToId)
      .sort((a, b) => b.timestamp - a.timestamp)
      .map(
        (media) =>
          `<li><a href="/@${escapeHtml(user.username)}/post/${media.shortcode}">${escapeHtml(media.text || '(media)')}</a></li>`,
      )
      .join('');
    return reply
      .type('text/html')
      .send(
        sandboxPage(
          'Threads',
          `@${user.username}`,
          `<h1>${escapeHtml(user.name)} <span class="meta">@${escapeHtml(user.username)}</span></h1><ul>${posts}</ul>`,
        ),
      );
  });

  app.get<{ Params: { username: string } }>('/@:username/picture.png', async (_request, reply) =>
    reply.type('image/png').send(samplePng(150, 150)),
  );

  app.get<{ Params: { username: string; shortcode: string } }>(
    '/@:username/post/:shortcode',
    async (request, reply) => {
      const media = [...state.media.values()].find(
        (item) => item.shortcode === request.params.shortcode && !item.deleted,
      );
      const owner = media ? state.users.get(media.ownerId) : undefined;
      if (!media || !owner)
        return reply
          .code(404)
          .type('text/html')
          .send(sandboxPage('Threads', 'Not found', '<h1>Post not found</h1>'));
      const countries = media.allowlistedCountryCodes
        ? `<p class="meta">Shown in: ${escapeHtml(media.allowlistedCountryCodes.join(', '))}</p>`
        : '';
      const attachments = media.children.length > 0 ? media.children.length : media.mediaUrl ? 1 : 0;
      return reply.type('text/html').send(
        sandboxPage(
          'Threads',
          `Post by @${owner.username}`,
          `<p class="meta">@${escapeHtml(owner.username)} · ${new Date(media.timestamp).toISOString()}</p>
  <p class="post" data-testid="post-text">${escapeHtml(media.text)}</p>
  <p class="meta">${attachments} attachment(s)</p>${countries}`,
        ),
      );
    },
  );
}
