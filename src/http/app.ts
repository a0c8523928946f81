import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { HttpContext } from './context.js';
import { body, handleError } from './errors.js';
import { accountsRoutes } from './routes/accounts.routes.js';
import { alertsRoutes } from './routes/alerts.routes.js';
import { conversionsRoutes } from './routes/conversions.routes.js';
import { linksRoutes } from './routes/links.routes.js';
import { manualPostingRoutes } from './routes/manual-posting.routes.js';
import { mediaRoutes } from './routes/media.routes.js';
import { postsRoutes } from './routes/posts.routes.js';
import { reportsRoutes } from './routes/reports.routes.js';
import { segmentsRoutes } from './routes/segments.routes.js';
import { systemRoutes } from './routes/system.routes.js';

export interface HttpAppOptions {
  logger: Logger;
  /** Built web UI; when absent the API still works and `/` explains how to build the UI. */
  webDir?: string;
  /**
   * Answers some requests on node's own objects before Fastify routes them (the short-link redirect);
   * returns false to let Fastify handle the request.
   */
  ahead?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export async function buildHttpApp(context: HttpContext, options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ...(options.ahead ? { serverFactory: serverWith(options.ahead) } : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Crier API',
        description: 'Compose once, publish everywhere. Every route is scoped to a workspace and authorized by role.',
        version: context.version,
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'crier_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  systemRoutes(app, context);
  accountsRoutes(app, context);
  mediaRoutes(app, context);
  postsRoutes(app, context);
  manualPostingRoutes(app, context);
  alertsRoutes(app, context);
  segmentsRoutes(app, context);
  linksRoutes(app, context);
  reportsRoutes(app, context);
  conversionsRoutes(app, context);

  const indexHtml = options.webDir ? path.join(options.webDir, 'index.html') : undefined;
  const hasWeb = indexHtml !== undefined && fs.existsSync(indexHtml);
  if (hasWeb && options.webDir) {
    await app.register(fastifyStatic, { root: options.webDir, wildcard: false, index: false });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api/') || request.method !== 'GET') {
      return reply.status(404).send(body('route_not_found', `No route ${request.method} ${url}`, String(request.id)));
    }
    if (!hasWeb) {
      return reply
        .status(503)
        .type('text/plain')
        .send(
          'The Crier web UI is not built. Run `npm run build` (npm ci does it), then restart. The API is at /api/docs.',
        );
    }
    // client-side routes of the single-page app
    return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
  });

  return app;
}

function serverWith(ahead: NonNullable<HttpAppOptions['ahead']>) {
  return (fastifyHandler: (request: IncomingMessage, response: ServerResponse) => void) =>
    http.createServer((request, response) => {
      if (!ahead(request, response)) fastifyHandler(request, response);
    });
}
