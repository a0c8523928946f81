import { fileURLToPath } from 'node:url';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { EmulatorFaults, Hangs } from '../common/faults.js';
import { loadOpenApiDocument, OpenApiCatalog } from '../common/openapi-catalog.js';
import { OpenApiValidator } from '../common/openapi-validator.js';
import { JsonStateFile } from '../common/state-file.js';
import { DEFAULT_RATE_LIMITS, registerApiPipeline, sendError } from './api-pipeline.js';
import { registerApiRoutes } from './api-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { DEFAULT_INSTANCE_LIMITS, EntityRenderer, type InstanceLimits } from './entities.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { type MastodonSnapshot, MastodonState } from './state.js';

export type { InstanceLimits } from './entities.js';
export type { MastodonState } from './state.js';

export interface MastodonEmulatorOptions {
  /** Where clients reach the instance (`http://localhost:3004`); statuses' `url` fields are built from it. */
  publicUrl: string;
  /** Mastodon version the instance reports; PKCE is honoured from 4.3 on. */
  version?: string;
  limits?: Partial<InstanceLimits>;
  users?: Array<{ username: string; displayName?: string }>;
  stateFile?: string;
  /** Simulated processing time of video, GIF and audio uploads. */
  mediaProcessingMs?: number;
  rateLimits?: Partial<typeof DEFAULT_RATE_LIMITS>;
  logger?: boolean;
  now?: () => number;
}

export interface MastodonEmulator {
  app: FastifyInstance;
  state: MastodonState;
  faults: EmulatorFaults;
  limits: InstanceLimits;
}

export const MASTODON_OPENAPI_PATH = fileURLToPath(new URL('./mastodon-openapi.json', import.meta.url));

const MAX_BODY_BYTES = 120 * 1024 * 1024;

/**
 * One local Mastodon instance (docs.joinmastodon.org): app registration, OAuth with PKCE, statuses
 * with media (processed asynchronously), content warnings, visibility, language, the Idempotency-Key,
 * threads, notifications, favourites and boosts. Requests are checked against the community OpenAPI
 * description where it agrees with the documentation; Mastodon's error shape and rate-limit headers.
 */
export function createMastodonEmulator(options: MastodonEmulatorOptions): MastodonEmulator {
  const now = options.now ?? Date.now;
  const publicUrl = options.publicUrl.replace(/\/$/, '');
  const version = options.version ?? '4.4.0';
  const limits = { ...DEFAULT_INSTANCE_LIMITS, ...options.limits };
  let stateFile: JsonStateFile<MastodonSnapshot> | undefined;
  const state = new MastodonState(now, () => stateFile?.scheduleSave());
  if (options.stateFile) {
    stateFile = new JsonStateFile(options.stateFile, 1, () => state.snapshot());
    const saved = stateFile.load();
    if (saved) state.restore(saved);
  }
  for (const user of options.users ?? []) state.ensureAccount(user.username, user.displayName);

  const catalog = new OpenApiCatalog(loadOpenApiDocument(MASTODON_OPENAPI_PATH));
  // Where the community document and mastodon.md disagree, the documentation wins: the token
  // endpoint takes forms too, and a status may carry text and media at once (its oneOf overlaps).
  const validator = new OpenApiValidator(catalog, {
    bodyAliases: { 'application/x-www-form-urlencoded': 'application/json' },
    oneOfAsAnyOf: true,
  });
  const faults = new EmulatorFaults(() => state.revokeAllTokens());
  const hangs = new Hangs();
  const entities = new EntityRenderer(state, publicUrl, now);

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });
  app.register(fastifyMultipart, { attachFieldsToBody: true, limits: { fileSize: MAX_BODY_BYTES, files: 2 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    return sendError(
      reply,
      status,
      status >= 500 ? 'We’re sorry, but something went wrong on our end.' : error.message,
    );
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'Record not found'));

  app.register(async (scoped) => {
    hangs.register(scoped);
    registerApiPipeline(scoped, {
      catalog,
      validator,
      state,
      faults,
      hangs,
      rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
      now,
    });
    registerOAuthRoutes(scoped, { state, supportsPkce: atLeast(version, 4, 3), now });
    registerApiRoutes(scoped, {
      state,
      entities,
      limits,
      domain: new URL(publicUrl).host,
      version,
      mediaProcessingMs: options.mediaProcessingMs ?? 1000,
      now,
    });
    registerControlRoutes(scoped, { state, faults, entities });
  });
  app.addHook('onClose', async () => stateFile?.flush());
  return { app, state, faults, limits };
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [actualMajor = 0, actualMinor = 0] = version.split('.').map(Number);
  return actualMajor > major || (actualMajor === major && actualMinor >= minor);
}
