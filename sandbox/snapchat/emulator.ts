import { setTimeout as sleep } from 'node:timers/promises';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { EmulatorFaults, Hangs } from '../common/faults.js';
import { MAX_PART_BYTES, registerApiRoutes, sendError } from './api-routes.js';
import { registerOAuthRoutes, type SnapchatClient } from './oauth-routes.js';
import { SnapchatState, type TokenGrant } from './state.js';

export type { SnapchatClient } from './oauth-routes.js';
export type { SnapchatState } from './state.js';

export interface SnapchatEmulatorOptions {
  /** Apps Snap has allowlisted for the Public Profile API. */
  clients: SnapchatClient[];
  /** Snap's access tokens last about 30 minutes (verify). */
  accessTokenTtlSeconds?: number;
  logger?: boolean;
  now?: () => number;
}

export interface SnapchatEmulator {
  app: FastifyInstance;
  state: SnapchatState;
  faults: EmulatorFaults;
}

/**
 * A local Snapchat Public Profile API (part of the Snap Marketing API, allowlist-only): Snap OAuth
 * with 30-minute tokens and refresh, the managed public profile, AES-256-CBC encrypted media in
 * ≤ 32 MB parts (INIT, ADD, FINALIZE), and Stories, Saved Stories and Spotlight posts. Errors carry
 * Snap's `request_status: ERROR` body; Snap publishes no rate-limit headers, so a 429 has none.
 */
export function createSnapchatEmulator(options: SnapchatEmulatorOptions): SnapchatEmulator {
  const now = options.now ?? Date.now;
  const accessTtlSeconds = options.accessTokenTtlSeconds ?? 1800;
  const state = new SnapchatState(now, accessTtlSeconds * 1000);
  const faults = new EmulatorFaults(() => state.expireAllAccessTokens());
  const hangs = new Hangs();
  const grants = new WeakMap<FastifyRequest, TokenGrant>();

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_PART_BYTES + 1024 * 1024,
    forceCloseConnections: true,
  });
  app.register(fastifyMultipart, { attachFieldsToBody: true, limits: { fileSize: MAX_PART_BYTES + 16, files: 1 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    return sendError(reply, status, status >= 500 ? 'Internal error' : error.message);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'Not found'));

  const authorized = (request: FastifyRequest, reply: FastifyReply): TokenGrant | undefined => {
    const grant = grants.get(request);
    if (!grant) sendError(reply, 401, 'Unauthorized: the access token is invalid or expired.', 'E3001');
    return grant;
  };

  app.register(async (scoped) => {
    hangs.register(scoped);
    scoped.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (!path.startsWith('/v1/') && path !== '/login/oauth2/access_token') return undefined;
      const latency = faults.latencyFor(request.method, path);
      if (latency > 0) await sleep(latency);
      const fault = faults.take(request.method, path);
      if (fault?.kind === 'rate_limit') return sendError(reply, 429, 'Too many requests.', 'E1008');
      if (fault?.kind === 'server_error') return sendError(reply, fault.status ?? 503, 'Service unavailable.', 'E1000');
      if (fault?.kind === 'unauthorized') return sendError(reply, 401, 'Unauthorized.', 'E3001');
      if (fault?.kind === 'timeout') {
        if (!fault.afterProcessing) return hangs.now(request, reply);
        hangs.afterHandling(request);
      }
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const grant = token ? state.findAccessToken(token) : undefined;
      if (grant) {
        if (!grant.scopes.includes('snapchat-profile-api'))
          return sendError(reply, 403, 'The token lacks the snapchat-profile-api scope.', 'E3003');
        grants.set(request, grant);
      }
      return undefined;
    });
    registerOAuthRoutes(scoped, { state, clients: options.clients, accessTtlSeconds });
    registerApiRoutes(scoped, { state, authorized });
    scoped.get('/_emulator/posts', async () => ({ posts: [...state.posts.values()] }));
    scoped.post('/_emulator/faults', async (request, reply) =>
      reply.code(201).send(faults.inject(request.body as Parameters<typeof faults.inject>[0])),
    );
    scoped.delete('/_emulator/faults', async (_request, reply) => {
      faults.clear();
      return reply.code(204).send();
    });
  });
  return { app, state, faults };
}
