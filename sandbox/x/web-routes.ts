import type { FastifyInstance } from 'fastify';
import { renderErrorPage } from './authorize-page.js';
import { escapeHtml, page } from './html.js';
import type { SandboxMedia, SandboxPost, SandboxUser, XSandboxState } from './state.js';

export interface WebRouteOptions {
  state: XSandboxState;
}

/** The public side of the sandbox: profile and permalink pages, media files and avatars. */
export function registerWebRoutes(app: FastifyInstance, options: WebRouteOptions): void {
  const { state } = options;

  const notFound = () => renderErrorPage('This page doesn’t exist', 'Try searching for something else.');

  app.get<{ Params: { username: string; id: string } }>('/:username/status/:id', async (request, reply) => {
    const post = state.posts.get(request.params.id);
    const author = post ? state.users.get(post.authorId) : undefined;
    if (!post || !author || author.username.toLowerCase() !== request.params.username.toLowerCase()) {
      return reply.code(404).type('text/html').send(notFound());
    }
    return reply.type('text/html').send(page(`${author.name} on X sandbox`, renderPost(post, author, state)));
  });

  app.get<{ Params: { username: string } }>('/:username', async (request, reply) => {
    const user = state.findUserByUsername(request.params.username);
    if (!user) return reply.code(404).type('text/html').send(notFound());
    const posts = state
      .listPosts()
      .filter((post) => post.authorId === user.id)
      .reverse();
    const items = posts.map((post) => `<article>${renderPost(post, user, state)}</article><hr>`).join('\n');
    const body = `<h1 data-testid="profile-name">${escapeHtml(user.name)}</h1>
  <p class="meta">@${escapeHtml(user.username)} · ${posts.length} posts</p>
  ${items || '<p class="meta">No posts yet.</p>'}`;
    return reply.type('text/html').send(page(`@${user.username}`, body));
  });

  app.get<{ Params: { id: string } }>('/_emulator/media/:id', async (request, reply) => {
    const media = state.media.get(request.params.id);
    if (!media?.bytes) return reply.code(404).send({ error: 'no such media' });
    return reply.type(media.mimeType).header('cache-control', 'public, max-age=86400').send(media.bytes);
  });

  app.get<{ Params: { file: string } }>('/_emulator/avatars/:file', async (request, reply) => {
    const user = state.users.get(request.params.file.replace(/\.svg$/, ''));
    if (!user) return reply.code(404).send({ error: 'no such user' });
    return reply.type('image/svg+xml').send(avatarSvg(user));
  });
}

function renderPost(post: SandboxPost, author: SandboxUser, state: XSandboxState): string {
  const images = post.mediaIds
    .map((id) => state.media.get(id))
    .filter((media): media is SandboxMedia => media?.bytes !== undefined)
    .map(
      (media) =>
        `<img src="/_emulator/media/${media.id}" alt="${escapeHtml(media.altText ?? '')}" data-testid="post-image">`,
    )
    .join('\n');
  return `<p class="meta"><strong>${escapeHtml(author.name)}</strong> @${escapeHtml(author.username)}</p>
  <p class="post" data-testid="post-text">${escapeHtml(post.text)}</p>
  <div class="media">${images}</div>
  <p class="meta"><a href="/${escapeHtml(author.username)}/status/${post.id}">${escapeHtml(post.createdAt)}</a></p>`;
}

/** A generated avatar: the user's initial on a colour derived from the id. */
function avatarSvg(user: SandboxUser): string {
  const hue = Number(BigInt(user.id) % 360n);
  const initial = escapeHtml((user.name[0] ?? '?').toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<rect width="96" height="96" rx="48" fill="hsl(${hue},60%,45%)"/>
<text x="48" y="62" font-family="sans-serif" font-size="44" text-anchor="middle" fill="#fff">${initial}</text>
</svg>`;
}
