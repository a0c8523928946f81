import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { escapeHtml, page } from './html.js';
import type { GraphState } from './state.js';

/** What people see: permalinks of Page posts and Instagram media, and a CDN-like URL for photos. */
export function registerWebRoutes(app: FastifyInstance, state: GraphState): void {
  app.get('/_media/:file', async (request, reply) => {
    const id = /^(\d+)\.jpg$/.exec((request.params as { file: string }).file)?.[1];
    const bytes = id ? state.photoBytes.get(id) : undefined;
    if (!bytes) return reply.code(404).send('not found');
    // Meta's CDN serves photos as JPEG whatever was uploaded; Instagram needs JPEG.
    return reply.type('image/jpeg').send(await sharp(bytes).jpeg().toBuffer());
  });

  app.get('/web/facebook/posts/:id', async (request, reply) => {
    const post = state.posts.get((request.params as { id: string }).id);
    if (!post)
      return reply.code(404).type('text/html').send(page('Not found', "<h1>This content isn't available</h1>"));
    const pageName = state.pages.get(post.pageId)?.name ?? post.pageId;
    const images = post.photoIds
      .map((id) => `<img src="/_media/${escapeHtml(id)}.jpg" alt="" style="max-width:100%">`)
      .join('');
    const aimed =
      post.targeting || post.feedTargeting
        ? `<p class="meta">Targeting: ${escapeHtml(JSON.stringify({ targeting: post.targeting, feed_targeting: post.feedTargeting }))}</p>`
        : '';
    return reply
      .type('text/html')
      .send(
        page(
          pageName,
          `<h1>${escapeHtml(pageName)}</h1>\n  <p class="post">${escapeHtml(post.message)}</p>${post.link ? `<p><a href="${escapeHtml(post.link)}">${escapeHtml(post.link)}</a></p>` : ''}${images}${aimed}`,
        ),
      );
  });

  app.get('/web/facebook/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (state.posts.has(id)) return reply.redirect(`/web/facebook/posts/${encodeURIComponent(id)}`);
    const found = state.pages.get(id);
    if (!found)
      return reply.code(404).type('text/html').send(page('Not found', "<h1>This content isn't available</h1>"));
    const posts = [...state.posts.values()].filter((post) => post.pageId === id).reverse();
    const items = posts
      .map(
        (post) =>
          `<li><a href="/web/facebook/posts/${escapeHtml(post.id)}">${escapeHtml(post.message || '(no text)')}</a></li>`,
      )
      .join('');
    return reply.type('text/html').send(page(found.name, `<h1>${escapeHtml(found.name)}</h1>\n  <ul>${items}</ul>`));
  });

  app.get('/web/instagram/:username', async (request, reply) => {
    const { username } = request.params as { username: string };
    const account = [...state.instagram.values()].find((candidate) => candidate.username === username);
    if (!account)
      return reply.code(404).type('text/html').send(page('Not found', "<h1>Sorry, this page isn't available.</h1>"));
    const media = [...state.media.values()].filter((item) => item.igUserId === account.id).reverse();
    const items = media
      .map(
        (item) =>
          `<li><a href="/web/instagram/p/${escapeHtml(item.shortcode)}">${escapeHtml(item.caption || item.mediaType)}</a></li>`,
      )
      .join('');
    return reply
      .type('text/html')
      .send(page(`@${account.username}`, `<h1>@${escapeHtml(account.username)}</h1>\n  <ul>${items}</ul>`));
  });

  app.get('/web/instagram/p/:shortcode', async (request, reply) => {
    const { shortcode } = request.params as { shortcode: string };
    const media = [...state.media.values()].find((candidate) => candidate.shortcode === shortcode);
    if (!media)
      return reply.code(404).type('text/html').send(page('Not found', "<h1>Sorry, this page isn't available.</h1>"));
    const account = state.instagram.get(media.igUserId);
    return reply
      .type('text/html')
      .send(
        page(
          `@${account?.username}`,
          `<h1>@${escapeHtml(account?.username ?? '')}</h1>\n  <p class="meta">${media.mediaType}${media.childCount ? ` · ${media.childCount} items` : ''}</p>\n  <p class="post">${escapeHtml(media.caption)}</p>`,
        ),
      );
  });
}
