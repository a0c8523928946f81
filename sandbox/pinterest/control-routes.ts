import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorFaults, FaultSpec } from '../common/faults.js';
import { escapeHtml, sandboxPage } from '../common/html.js';
import type { PinterestState } from './state.js';

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

/** Metrics the audience can add to a pin: Pinterest's own metric names. */
const activitySchema = z.record(z.string().regex(/^[A-Z0-9_]+$/), z.number().int().min(0));

/** Fault switches, the audience (impressions, saves, clicks on a pin), and the public pin page. */
export function registerControlRoutes(
  app: FastifyInstance,
  options: { state: PinterestState; faults: EmulatorFaults; failMedia: (mediaId: string, reason: string) => boolean },
): void {
  const { state, faults } = options;

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

  app.get('/_emulator/pins', async () => ({ pins: [...state.pins.values()] }));

  app.post<{ Params: { id: string } }>('/_emulator/pins/:id/activity', async (request, reply) => {
    const pin = state.pins.get(request.params.id);
    const parsed = activitySchema.safeParse(request.body);
    if (!pin || !parsed.success) return reply.code(400).send({ error: 'unknown pin or invalid activity' });
    for (const [metric, count] of Object.entries(parsed.data))
      pin.counters[metric] = (pin.counters[metric] ?? 0) + count;
    return reply.send({ id: pin.id, counters: pin.counters });
  });

  // Rehearses a video Pinterest cannot process: its status turns `failed`.
  app.post<{ Params: { id: string } }>('/_emulator/media/:id/fail', async (request, reply) => {
    const reason = (request.body as { reason?: string } | undefined)?.reason ?? 'The video could not be processed.';
    return options.failMedia(request.params.id, reason)
      ? reply.code(204).send()
      : reply.code(404).send({ error: 'unknown media' });
  });

  app.get<{ Params: { id: string } }>('/pin/:id/', async (request, reply) => {
    const pin = state.pins.get(request.params.id);
    if (!pin)
      return reply
        .code(404)
        .type('text/html')
        .send(sandboxPage('Pinterest', 'Not found', '<h1>Sorry! We couldn’t find that Pin.</h1>'));
    const board = state.boards.get(pin.boardId);
    const link = pin.link ? `<p><a href="${escapeHtml(pin.link)}" rel="nofollow">${escapeHtml(pin.link)}</a></p>` : '';
    return reply
      .type('text/html')
      .send(
        sandboxPage(
          'Pinterest',
          pin.title ?? 'Pin',
          `<h1>${escapeHtml(pin.title ?? '')}</h1><p class="post" data-testid="post-text">${escapeHtml(pin.description ?? '')}</p>${link}<p class="meta">${pin.mediaType} · on board ${escapeHtml(board?.name ?? '')} · alt: ${escapeHtml(pin.altText ?? '')}</p>`,
        ),
      );
  });
}
