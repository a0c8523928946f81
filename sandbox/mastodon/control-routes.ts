import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorFaults, FaultSpec } from '../common/faults.js';
import { escapeHtml, sandboxPage } from '../common/html.js';
import type { EntityRenderer } from './entities.js';
import type { MastodonState } from './state.js';

const scope = {
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

/** The X emulator's fault switches, the same bodies on POST /_emulator/faults. */
const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate_limit'), resetInSeconds: z.number().int().min(0).optional(), ...scope }),
  z.object({
    kind: z.literal('server_error'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    ...scope,
  }),
  z.object({ kind: z.literal('timeout'), afterProcessing: z.boolean().optional(), ...scope }),
  z.object({ kind: z.literal('unauthorized'), ...scope }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0), path: scope.path, method: scope.method }),
  z.object({ kind: z.literal('expire_tokens') }),
]);

const replySchema = z.object({ username: z.string().regex(/^[A-Za-z0-9_]{1,30}$/), text: z.string().min(1) });
const countSchema = z.object({ count: z.number().int().min(1).max(10_000).default(1) });

/**
 * Test and supervisor controls outside Mastodon's own paths: fault switches, and the audience
 * (someone replies, favourites or boosts a status). No token needed.
 */
export function registerControlRoutes(
  app: FastifyInstance,
  options: { state: MastodonState; faults: EmulatorFaults; entities: EntityRenderer },
): void {
  const { state, faults, entities } = options;

  app.get('/_emulator/faults', async () => faults.view());
  app.post('/_emulator/faults', async (request, reply) => {
    const parsed = faultSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid fault', issues: parsed.error.issues });
    const command = parsed.data;
    if (command.kind === 'latency') faults.setLatency(command.ms, { path: command.path, method: command.method });
    else if (command.kind === 'expire_tokens') faults.expireAllTokens();
    else return reply.code(201).send(faults.inject(command satisfies FaultSpec));
    return reply.code(201).send(faults.view());
  });
  app.delete('/_emulator/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.get('/_emulator/statuses', async () => ({
    statuses: [...state.statuses.values()].map((status) => entities.status(status)),
  }));

  app.post<{ Params: { id: string } }>('/_emulator/statuses/:id/replies', async (request, reply) => {
    const parent = state.statuses.get(request.params.id);
    const parsed = replySchema.safeParse(request.body);
    if (!parent || !parsed.success) return reply.code(400).send({ error: 'unknown status or invalid reply' });
    const author = state.ensureAccount(parsed.data.username);
    const parentAuthor = state.accounts.get(parent.accountId);
    const status = state.addStatus({
      accountId: author.id,
      text: `@${parentAuthor?.username ?? ''} ${parsed.data.text}`,
      spoilerText: '',
      sensitive: false,
      visibility: 'public',
      language: null,
      inReplyToId: parent.id,
      mediaIds: [],
      clientId: undefined,
    });
    return reply.code(201).send(entities.status(status));
  });

  for (const action of ['favourite', 'reblog'] as const) {
    app.post<{ Params: { id: string } }>(`/_emulator/statuses/:id/${action}`, async (request, reply) => {
      const status = state.statuses.get(request.params.id);
      const parsed = countSchema.safeParse(request.body ?? {});
      if (!status || !parsed.success) return reply.code(400).send({ error: 'unknown status or invalid count' });
      if (action === 'favourite') status.favourites += parsed.data.count;
      else status.reblogs += parsed.data.count;
      const fan = state.ensureAccount('sandbox_audience');
      state.notify(status.accountId, action, fan.id, status.id);
      return reply.send(entities.status(status));
    });
  }

  // The public side: a status page (the permalink) and the attachment files.
  app.get<{ Params: { username: string; id: string } }>('/@:username/:id', async (request, reply) => {
    const status = state.statuses.get(request.params.id);
    const author = status ? state.accounts.get(status.accountId) : undefined;
    if (!status || author?.username !== request.params.username)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('Mastodon', 'Not found', '<h1>The page you are looking for isn’t here.</h1>'));
    const warning = status.spoilerText ? `<p class="meta">CW: ${escapeHtml(status.spoilerText)}</p>` : '';
    const media = status.mediaIds
      .map(
        (id) =>
          `<img src="/system/media_attachments/${id}" alt="${escapeHtml(state.media.get(id)?.description ?? '')}">`,
      )
      .join('');
    return reply
      .type('text/html')
      .send(
        sandboxPage(
          'Mastodon',
          `${author.displayName}`,
          `<p class="meta"><strong>${escapeHtml(author.displayName)}</strong> @${escapeHtml(author.username)}</p>${warning}<p class="post" data-testid="post-text">${escapeHtml(status.text)}</p><div class="media">${media}</div><p class="meta">${status.visibility} · ${status.favourites} favourites · ${status.reblogs} boosts</p>`,
        ),
      );
  });

  app.get<{ Params: { id: string } }>('/system/media_attachments/:id', async (request, reply) => {
    const media = state.media.get(request.params.id);
    if (!media?.bytes) return reply.code(404).send({ error: 'Record not found' });
    return reply.type(media.mimeType).send(media.bytes);
  });
}
