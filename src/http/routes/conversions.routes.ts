import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { type HttpContext, typed } from '../context.js';
import { CONVERSION_SCRIPT } from '../conversion-script.js';
import { conversionSchema } from '../link-schemas.js';
import { errorSchema } from '../schemas.js';

/**
 * What websites call, from any origin and without a session: the conversion endpoint and its script.
 * Registered in a scope of its own so that its CORS headers and its text/plain body (what
 * `navigator.sendBeacon` sends without a preflight) apply to these routes only.
 */
export function conversionsRoutes(app: FastifyInstance, context: HttpContext): void {
  const { conversions } = context.services;

  app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch (error) {
        done(invalidInput(`The conversion is not valid JSON: ${(error as Error).message}`), undefined);
      }
    });
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    const api = typed(scope);

    api.options('/api/conversions', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(204)
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '86400')
        .send(),
    );

    api.post(
      '/api/conversions',
      {
        schema: {
          tags: ['conversions'],
          summary:
            'Report a goal reached on your site by a visitor who came through a tracked link (no session: called from web pages)',
          security: [],
          body: conversionSchema,
          response: {
            202: z.object({ recorded: z.boolean().describe('false: this click had already reached this goal') }),
            400: errorSchema,
          },
        },
      },
      async (request, reply) => reply.status(202).send({ recorded: await conversions.record(request.body) }),
    );

    api.get(
      '/api/conversions/crier.js',
      { schema: { tags: ['conversions'], summary: 'The conversion script for websites', security: [] } },
      async (_request, reply) =>
        reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(CONVERSION_SCRIPT),
    );
  });
}
