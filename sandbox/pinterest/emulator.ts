import { fileURLToPath } from 'node:url';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { EmulatorFaults, Hangs } from '../common/faults.js';
import { loadOpenApiDocument, OpenApiCatalog } from '../common/openapi-catalog.js';
import { OpenApiValidator } from '../common/openapi-validator.js';
import { JsonStateFile } from '../common/state-file.js';
import { DEFAULT_CATEGORY_LIMITS, ERRORS, type RateLimitRule, registerApiPipeline, sendError } from './api-pipeline.js';
import { registerApiRoutes } from './api-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { type PinterestClient, registerOAuthRoutes } from './oauth-routes.js';
import { type PinterestSnapshot, PinterestState } from './state.js';

export type { PinterestClient } from './oauth-routes.js';
export type { PinterestState } from './state.js';

export interface PinterestEmulatorOptions {
  /** Where clients reach the emulator: API at `<publicUrl>/v5`, consent page at `<publicUrl>/oauth/`, pins at `/pin/{id}/`. */
  publicUrl: string;
  clients: PinterestClient[];
  users?: string[];
  stateFile?: string;
  /** Pinterest's access tokens live about 30 days, refresh tokens 60 (renewed on every refresh). */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  mediaProcessingMs?: number;
  /** Per `x-ratelimit-category` overrides. */
  categoryLimits?: Record<string, RateLimitRule>;
  logger?: boolean;
  now?: () => number;
}

export interface PinterestEmulator {
  app: FastifyInstance;
  state: PinterestState;
  faults: EmulatorFaults;
  apiVersion: string;
}

export const PINTEREST_OPENAPI_PATH = fileURLToPath(new URL('./pinterest-openapi.yaml', import.meta.url));

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A local Pinterest API v5: OAuth (Basic on the token endpoint, continuous refresh), the user
 * account, boards, pins with image, carousel or video (register → S3-style upload → status → pin),
 * pin analytics, Pinterest's `{code, message}` errors and rate-limit buckets per
 * `x-ratelimit-category`; every /v5 request validated against Pinterest's own OpenAPI document.
 */
export function createPinterestEmulator(options: PinterestEmulatorOptions): PinterestEmulator {
  const now = options.now ?? Date.now;
  const publicUrl = options.publicUrl.replace(/\/$/, '');
  let stateFile: JsonStateFile<PinterestSnapshot> | undefined;
  const state = new PinterestState(
    now,
    {
      accessMs: (options.accessTokenTtlSeconds ?? 30 * 86_400) * 1000,
      refreshMs: (options.refreshTokenTtlSeconds ?? 60 * 86_400) * 1000,
    },
    () => stateFile?.scheduleSave(),
  );
  if (options.stateFile) {
    stateFile = new JsonStateFile(options.stateFile, 1, () => state.snapshot());
    const saved = stateFile.load();
    if (saved) state.restore(saved);
  }
  for (const username of options.users ?? []) state.ensureUser(username);

  const catalog = new OpenApiCatalog(loadOpenApiDocument(PINTEREST_OPENAPI_PATH), '/v5');
  // metric_types lists IMPRESSION under both of its oneOf alternatives; Pinterest takes it.
  const validator = new OpenApiValidator(catalog, { oneOfAsAnyOf: true });
  const faults = new EmulatorFaults(() => state.expireAllAccessTokens());
  const hangs = new Hangs();

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });
  app.register(fastifyMultipart, { attachFieldsToBody: true, limits: { fileSize: 2 * 1024 * 1024 * 1024, files: 1 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    return sendError(
      reply,
      status >= 500 ? ERRORS.serverError : { status, code: ERRORS.invalidParameters.code },
      error.message,
    );
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, ERRORS.notFound, 'Not found.'));

  app.register(async (scoped) => {
    hangs.register(scoped);
    registerApiPipeline(scoped, {
      catalog,
      validator,
      state,
      faults,
      hangs,
      categoryLimits: { ...DEFAULT_CATEGORY_LIMITS, ...options.categoryLimits },
      now,
    });
    registerOAuthRoutes(scoped, {
      state,
      clients: options.clients,
      knownScopes: new Set(Object.keys(catalog.scopeDescriptions('pinterest_oauth2'))),
      now,
    });
    registerApiRoutes(scoped, { state, publicUrl, mediaProcessingMs: options.mediaProcessingMs ?? 1000, now });
    registerControlRoutes(scoped, {
      state,
      faults,
      failMedia: (mediaId, reason) => {
        const media = state.media.get(mediaId);
        if (!media) return false;
        media.status = 'failed';
        media.failure = reason;
        return true;
      },
    });
  });
  app.addHook('onClose', async () => stateFile?.flush());
  return { app, state, faults, apiVersion: catalog.version };
}
