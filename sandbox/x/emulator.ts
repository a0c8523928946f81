import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { isApiPath, registerApiPipeline } from './api-pipeline.js';
import { renderErrorPage } from './authorize-page.js';
import type { SandboxClient } from './authorize-request.js';
import { registerControlRoutes } from './control-routes.js';
import { XFaults } from './faults.js';
import { registerMediaRoutes } from './media-routes.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { DEFAULT_OPENAPI_PATH, OpenApiCatalog } from './openapi-catalog.js';
import { OpenApiValidator } from './openapi-validator.js';
import { StateFile } from './persistence.js';
import { problems, sendProblem } from './problems.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitRule } from './rate-limits.js';
import { XSandboxState } from './state.js';
import { registerTimelineRoutes } from './timeline-routes.js';
import { registerTweetRoutes } from './tweet-routes.js';
import { registerWebRoutes } from './web-routes.js';

export type { SandboxClient } from './authorize-request.js';
export type { ActiveFault, FaultScope, FaultSpec, FaultsView, LatencyRule, XFaults } from './faults.js';
export type { RateLimitRule } from './rate-limits.js';
export type { SandboxMedia, SandboxPost, SandboxUser, XSandboxState } from './state.js';

export interface XEmulatorOptions {
  /**
   * Where browsers reach the emulator (`http://127.0.0.1:4010`), for the absolute URLs it hands out
   * (avatars, media). Without it they are built from the address each request came to.
   */
  publicUrl?: string;
  /** Registered apps, like apps in X's developer portal. */
  clients: SandboxClient[];
  /** Accounts that exist from the start; the authorization page creates more on demand. */
  users?: Array<{ username: string; name?: string; id?: string }>;
  /** X's OpenAPI document; defaults to the copy beside this file. */
  openApiPath?: string;
  /** A JSON file to keep state in across restarts; memory only when absent. */
  stateFile?: string;
  /** Access token lifetime; X's is 2 hours. */
  accessTokenTtlSeconds?: number;
  /** Authorization code lifetime; X's is 30 seconds. */
  authorizationCodeTtlSeconds?: number;
  /** Overrides of per-user rate limits, keyed `METHOD /path/{template}` (e.g. `POST /2/tweets`). */
  rateLimits?: Record<string, RateLimitRule>;
  /** Simulated processing time of GIFs and videos after finalize. */
  mediaProcessingMs?: number;
  logger?: boolean;
  /** Clock, for tests. */
  now?: () => number;
}

export interface XEmulator {
  app: FastifyInstance;
  faults: XFaults;
  state: XSandboxState;
  /** The OpenAPI document's version, e.g. `2.167`. */
  apiVersion: string;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * A local X API v2: OAuth 2.0 with PKCE, posts, media, X's error shapes and rate limits, every request
 * checked against X's OpenAPI document, plus switches to rehearse failures. The caller listens:
 * `await emulator.app.listen({ host: '127.0.0.1', port: 4010 })`.
 */
export function createXEmulator(options: XEmulatorOptions): XEmulator {
  const now = options.now ?? Date.now;
  const publicUrl = options.publicUrl?.replace(/\/$/, '');
  let stateFile: StateFile | undefined;
  const state = new XSandboxState({
    now,
    accessTokenTtlMs: (options.accessTokenTtlSeconds ?? 7200) * 1000,
    onChange: () => stateFile?.scheduleSave(),
  });
  if (options.stateFile) {
    stateFile = new StateFile(options.stateFile, () => state.snapshot());
    const saved = stateFile.load();
    if (saved) state.restore(saved);
  }
  for (const user of options.users ?? []) state.ensureUser(user.username, user);

  const catalog = OpenApiCatalog.fromFile(options.openApiPath ?? DEFAULT_OPENAPI_PATH);
  const validator = new OpenApiValidator(catalog);
  const faults = new XFaults(() => state.expireAllAccessTokens());
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, now);

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    // Hanging requests (the timeout fault) must not keep close() waiting.
    forceCloseConnections: true,
  });
  app.register(fastifyMultipart, { attachFieldsToBody: true, limits: { fileSize: MAX_BODY_BYTES, files: 4 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    if (!isApiPath(request.url)) return reply.code(status).send({ error: error.message });
    // Unparsable JSON, a body too large, an unsupported content type: X's answer is still a problem document.
    if (status >= 400 && status < 500) {
      const problem = problems.invalidRequest([{ parameter: '$', message: `$: ${error.message}` }]);
      return sendProblem(reply, { ...problem, status });
    }
    return sendProblem(reply, problems.serverError(500));
  });
  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(request.url)) return sendProblem(reply, problems.routeNotFound());
    return reply.code(404).type('text/html').send(renderErrorPage('This page doesn’t exist', request.url));
  });

  const scopeDescriptions = oauth2ScopeDescriptions(catalog);
  app.register(async (scoped) => {
    registerApiPipeline(scoped, { catalog, validator, state, faults, limiter, now });
    registerOAuthRoutes(scoped, {
      state,
      clients: options.clients,
      scopeDescriptions,
      authorizationCodeTtlMs: (options.authorizationCodeTtlSeconds ?? 30) * 1000,
      now,
    });
    registerTweetRoutes(scoped, { state, publicUrl, now });
    registerTimelineRoutes(scoped, { state });
    registerMediaRoutes(scoped, { state, now, mediaProcessingMs: options.mediaProcessingMs ?? 1000 });
    registerControlRoutes(scoped, { state, faults });
    registerWebRoutes(scoped, { state });
  });
  app.addHook('onClose', async () => stateFile?.flush());

  return { app, faults, state, apiVersion: catalog.version };
}

function oauth2ScopeDescriptions(catalog: OpenApiCatalog): Record<string, string> {
  const schemes = (catalog.document.components as { securitySchemes?: Record<string, unknown> }).securitySchemes;
  const oauth2 = schemes?.OAuth2UserToken as { flows?: { authorizationCode?: { scopes?: Record<string, string> } } };
  const scopes = oauth2?.flows?.authorizationCode?.scopes;
  if (!scopes) throw new Error('the OpenAPI document has no OAuth2UserToken scopes');
  return scopes;
}
