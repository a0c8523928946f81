import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { Hangs } from '../common/faults.js';
import { sandboxPage } from '../common/html.js';
import { JsonStateFile } from '../common/state-file.js';
import { isApiPath, registerApiPipeline } from './api-pipeline.js';
import { registerControlRoutes } from './control-routes.js';
import { registerDataRoutes } from './data-routes.js';
import { DEFAULT_DISCOVERY_PATH, DiscoveryCatalog } from './discovery-catalog.js';
import { YouTubeFaults } from './faults.js';
import { googleErrors, sendGoogleError } from './google-errors.js';
import { type GoogleClient, registerGoogleOAuthRoutes } from './oauth-routes.js';
import { DEFAULT_QUOTA, QuotaLedger, type QuotaOptions } from './quota.js';
import { RequestChecker } from './request-check.js';
import type { Links } from './resources.js';
import { YouTubeSandboxState, type YouTubeStateSnapshot } from './state.js';
import { registerUploadRoutes } from './upload-routes.js';

export type { GoogleClient } from './oauth-routes.js';
export type { QuotaOptions, UploadQuotaModel } from './quota.js';
export type { SandboxChannel, SandboxComment, SandboxVideo, YouTubeSandboxState } from './state.js';

export interface YouTubeEmulatorOptions {
  /** Where browsers and clients reach the emulator; built from each request's Host when absent. */
  publicUrl?: string;
  /** OAuth clients, like those in Google Cloud's console. */
  clients: GoogleClient[];
  /** Channels that exist from the start; the consent page creates more on demand. */
  channels?: Array<{ username: string; title?: string }>;
  discoveryPath?: string;
  /** A JSON file to keep state in across restarts; memory only when absent. */
  stateFile?: string;
  /** Folder for uploaded bytes; a fresh temporary folder when absent. */
  mediaDir?: string;
  /** Google's access tokens last an hour. */
  accessTokenTtlSeconds?: number;
  quota?: Partial<QuotaOptions>;
  /** Time from the last byte to `uploadStatus: processed`. */
  processingMs?: number;
  logger?: boolean;
  now?: () => number;
}

export interface YouTubeEmulator {
  app: FastifyInstance;
  faults: YouTubeFaults;
  state: YouTubeSandboxState;
  quota: QuotaLedger;
  /** The discovery document's revision, e.g. `20260427`. */
  revision: string;
  mediaDir: string;
}

/**
 * A local YouTube Data API v3: Google OAuth, the resumable upload protocol, thumbnails, comment
 * threads and replies, statistics and the daily quota, every request checked against Google's
 * discovery document, with switches to rehearse failures. The caller listens.
 */
export function createYouTubeEmulator(options: YouTubeEmulatorOptions): YouTubeEmulator {
  const now = options.now ?? Date.now;
  const publicUrl = options.publicUrl?.replace(/\/$/, '');
  const mediaDir = options.mediaDir ?? mkdtempSync(path.join(tmpdir(), 'crier-youtube-'));
  mkdirSync(mediaDir, { recursive: true });

  let stateFile: JsonStateFile<YouTubeStateSnapshot> | undefined;
  const state = new YouTubeSandboxState(now, (options.accessTokenTtlSeconds ?? 3600) * 1000, () =>
    stateFile?.scheduleSave(),
  );
  if (options.stateFile) {
    stateFile = new JsonStateFile(options.stateFile, 1, () => state.snapshot());
    const saved = stateFile.load();
    if (saved) state.restore(saved);
  }
  for (const channel of options.channels ?? []) state.ensureChannel(channel.username, channel.title);

  const catalog = DiscoveryCatalog.fromFile(options.discoveryPath ?? DEFAULT_DISCOVERY_PATH);
  const checker = new RequestChecker(catalog);
  const faults = new YouTubeFaults(() => state.expireAllAccessTokens());
  const quota = new QuotaLedger({ ...DEFAULT_QUOTA, ...options.quota }, now);
  const hangs = new Hangs();
  const links = (request: FastifyRequest): Links => ({
    baseUrl: publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`,
  });

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Media bodies (video chunks, thumbnails) reach the routes as streams, never buffered whole.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    if (!isApiPath(request.url)) return reply.code(status).send({ error: error.message });
    if (status >= 400 && status < 500) return sendGoogleError(reply, googleErrors.badRequest(error.message));
    return sendGoogleError(reply, googleErrors.backendError(500));
  });
  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(request.url))
      return sendGoogleError(reply, googleErrors.methodNotFound(request.url.split('?')[0] ?? ''));
    return reply
      .code(404)
      .type('text/html')
      .send(sandboxPage('YouTube', 'Not found', '<h1>404. That’s an error.</h1>'));
  });

  hangs.register(app);
  registerApiPipeline(app, { catalog, checker, state, faults, hangs, quota, now });
  registerGoogleOAuthRoutes(app, { state, clients: options.clients, scopes: catalog.scopes, now });
  registerUploadRoutes(app, { state, faults, mediaDir, processingMs: options.processingMs ?? 2000, links, now });
  registerDataRoutes(app, { state, links, now });
  registerControlRoutes(app, { state, faults, quota, now });
  app.addHook('onClose', async () => stateFile?.flush());

  return { app, faults, state, quota, revision: catalog.revision, mediaDir };
}
