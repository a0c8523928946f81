import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { Hangs } from '../common/faults.js';
import { sandboxPage } from '../common/html.js';
import { JsonStateFile } from '../common/state-file.js';
import { isApiPath, registerApiPipeline } from './api-pipeline.js';
import { registerControlRoutes } from './control-routes.js';
import { registerDisplayRoutes } from './display-routes.js';
import { pullMedia, registerUploadRoutes } from './media-transfer.js';
import { registerTikTokOAuthRoutes, type TikTokClient } from './oauth-routes.js';
import { registerPostRoutes } from './post-routes.js';
import { TikTokFaults } from './processing.js';
import { type SandboxCreator, TikTokSandboxState, type TikTokStateSnapshot } from './state.js';
import { sendTikTokError } from './tiktok-errors.js';

export type { TikTokClient } from './oauth-routes.js';
export type { TikTokFaults } from './processing.js';
export type { SandboxCreator, SandboxPost, TikTokSandboxState } from './state.js';

export interface TikTokEmulatorOptions {
  /** Where clients reach the emulator, for the upload URLs it hands out; else each request's Host. */
  publicUrl?: string;
  clients: TikTokClient[];
  /** Creators that exist from the start (with their creator_info settings); consent creates more. */
  creators?: Array<{ username: string } & Partial<Omit<SandboxCreator, 'openId' | 'username'>>>;
  stateFile?: string;
  /** Folder for uploaded and pulled media; a fresh temporary folder when absent. */
  mediaDir?: string;
  /** URL prefixes verified for PULL_FROM_URL (TikTok's domain or URL-prefix verification). */
  verifiedUrlPrefixes?: string[];
  /** Access tokens: 24 h in the older docs, 2 h in the newer; clients must read `expires_in`. */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Per-minute limits by endpoint path, replacing TikTok's (6 inits, 30 status fetches per token). */
  rateLimits?: Record<string, number>;
  /** Posts per creator per 24 hours (3P: about 15). */
  dailyPostCap?: number;
  processingMs?: number;
  moderationMs?: number;
  logger?: boolean;
  now?: () => number;
}

export interface TikTokEmulator {
  app: FastifyInstance;
  faults: TikTokFaults;
  state: TikTokSandboxState;
  mediaDir: string;
}

/**
 * A local TikTok Content Posting API (and the bits of Login Kit and the Display API Crier uses):
 * OAuth 2.0 with PKCE, creator info, video posts by chunked upload or pull from URL, photo posts,
 * status polling through processing and moderation, TikTok's error envelope and per-token limits,
 * with switches for failures, including a post that fails processing and one that never finishes.
 */
export function createTikTokEmulator(options: TikTokEmulatorOptions): TikTokEmulator {
  const now = options.now ?? Date.now;
  const publicUrl = options.publicUrl?.replace(/\/$/, '');
  const mediaDir = options.mediaDir ?? mkdtempSync(path.join(tmpdir(), 'crier-tiktok-'));
  mkdirSync(mediaDir, { recursive: true });

  let stateFile: JsonStateFile<TikTokStateSnapshot> | undefined;
  const state = new TikTokSandboxState(
    now,
    {
      accessMs: (options.accessTokenTtlSeconds ?? 86_400) * 1000,
      refreshMs: (options.refreshTokenTtlSeconds ?? 365 * 86_400) * 1000,
    },
    () => stateFile?.scheduleSave(),
  );
  if (options.stateFile) {
    stateFile = new JsonStateFile(options.stateFile, 1, () => state.snapshot());
    const saved = stateFile.load();
    if (saved) state.restore(saved);
  }
  for (const { username, ...settings } of options.creators ?? []) state.ensureCreator(username, settings);

  const faults = new TikTokFaults(() => state.expireAllAccessTokens());
  const hangs = new Hangs();
  const processing = { processingMs: options.processingMs ?? 3000, moderationMs: options.moderationMs ?? 2000 };
  const baseUrl = (request: FastifyRequest) =>
    publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
  const transfer = { state, faults, mediaDir, now };

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Video chunks reach the upload route as streams, never buffered whole.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    if (!isApiPath(request.url)) return reply.code(status).send({ error: error.message });
    return sendTikTokError(
      reply,
      Math.min(status, 500),
      status >= 500 ? 'internal_error' : 'invalid_params',
      error.message,
    );
  });
  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(request.url))
      return sendTikTokError(reply, 404, 'not_found', `No such endpoint: ${request.method} ${request.url}`);
    return reply
      .code(404)
      .type('text/html')
      .send(sandboxPage('TikTok', 'Not found', '<h1>Page not available</h1>'));
  });

  hangs.register(app);
  registerApiPipeline(app, { state, faults, hangs, rateLimits: options.rateLimits ?? {}, now });
  registerTikTokOAuthRoutes(app, { state, clients: options.clients, now });
  registerPostRoutes(app, {
    state,
    faults,
    clients: options.clients,
    mediaDir,
    verifiedUrlPrefixes: options.verifiedUrlPrefixes ?? [],
    dailyPostCap: options.dailyPostCap ?? 15,
    pull: (post) => pullMedia(post, transfer),
    baseUrl,
    now,
    ...processing,
  });
  registerUploadRoutes(app, transfer);
  registerDisplayRoutes(app, { state, baseUrl });
  registerControlRoutes(app, { state, faults, now, ...processing });
  app.addHook('onClose', async () => stateFile?.flush());

  return { app, faults, state, mediaDir };
}
