import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { StateFile } from '../x/persistence.js';
import { registerControlRoutes } from './control-routes.js';
import { registerEngagementRoutes } from './engagement-routes.js';
import { MetaFaults } from './faults.js';
import { graphErrors, sendGraphError } from './graph-errors.js';
import { GraphRouter } from './graph-router.js';
import { DEFAULT_SPECS_PATH, GraphSpecs } from './graph-specs.js';
import { registerInstagramRoutes } from './instagram-routes.js';
import { registerLoginRoutes, type SandboxApp } from './login-routes.js';
import { registerPageRoutes } from './page-routes.js';
import { GraphState, type StateSnapshot } from './state.js';
import { registerUploadRoutes } from './upload-routes.js';
import { UsageMeter } from './usage.js';
import { registerWebRoutes } from './web-routes.js';

export type { SandboxApp } from './login-routes.js';
export type { GraphState } from './state.js';

export interface GraphEmulatorOptions {
  /** Where clients reach the emulator (`http://localhost:3003`), for the URLs it hands out; settable later. */
  publicUrl?: string;
  /** Registered apps, like apps in Meta's App Dashboard. */
  apps: SandboxApp[];
  /** People who exist from the start (each gets two Pages, one with an Instagram account). */
  people?: string[];
  specsPath?: string;
  /** A JSON file to keep state in across restarts; memory only when absent. */
  stateFile?: string;
  /** Refuse calls without appsecret_proof, like an app with "Require App Secret" on. */
  requireAppSecretProof?: boolean;
  shortLivedTokenSeconds?: number;
  longLivedTokenSeconds?: number;
  /** Calls per hour per app and per Page / Instagram account before throttling. */
  callsPerHour?: number;
  containerProcessingMs?: number;
  videoProcessingMs?: number;
  /** Instagram posts per rolling 24 h; 50 per the media_publish reference (verify). */
  publishingQuota?: number;
  logger?: boolean;
  now?: () => number;
}

export interface GraphEmulator {
  app: FastifyInstance;
  state: GraphState;
  faults: MetaFaults;
  /** `v25.0`, from Meta's node specs. */
  version: string;
  /** Sets the public URL once it is known (after listening on port 0). */
  setPublicUrl(url: string): void;
}

const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Permissions the Facebook Login dialog accepts (facebook.md and instagram.md, "Auth"). */
export const KNOWN_PERMISSIONS = new Set([
  'public_profile',
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_engagement',
  'pages_manage_metadata',
  'pages_messaging',
  'publish_video',
  'read_insights',
  'business_management',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'instagram_manage_messages',
]);

/**
 * A local Graph API for Facebook Pages and Instagram professional accounts (both live on
 * graph.facebook.com): Facebook Login, Page and Instagram publishing, comments, insights, Meta's
 * errors and usage headers, every request checked against Meta's node specs, and fault switches.
 */
export function createGraphEmulator(options: GraphEmulatorOptions): GraphEmulator {
  const now = options.now ?? Date.now;
  let publicBase = (options.publicUrl ?? 'http://127.0.0.1').replace(/\/$/, '');
  const publicUrl = () => publicBase;
  let stateFile: StateFile | undefined;
  const state = new GraphState(() => stateFile?.scheduleSave());
  if (options.stateFile) {
    stateFile = new StateFile(options.stateFile, () => state.snapshot() as never);
    const saved = stateFile.load() as unknown as StateSnapshot | undefined;
    if (saved) state.restore(saved);
  }
  for (const name of options.people ?? []) state.ensurePerson(name);

  const specs = GraphSpecs.load(options.specsPath ?? DEFAULT_SPECS_PATH);
  const faults = new MetaFaults();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });
  app.register(fastifyMultipart, { attachFieldsToBody: true, limits: { fileSize: MAX_BODY_BYTES, files: 1 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    if (status >= 400 && status < 500) return sendGraphError(reply, graphErrors.invalidParameter(error.message));
    return sendGraphError(reply, graphErrors.serverError(500));
  });

  const router = new GraphRouter({
    specs,
    state,
    faults,
    usage: new UsageMeter(options.callsPerHour ?? 4800, now),
    appSecrets: new Map(options.apps.map((registered) => [registered.appId, registered.appSecret])),
    requireAppSecretProof: options.requireAppSecretProof ?? false,
    now,
  });
  const containerProcessingMs = options.containerProcessingMs ?? 1500;
  registerPageRoutes(router, {
    state,
    publicUrl,
    version: specs.version,
    videoProcessingMs: options.videoProcessingMs ?? 1500,
    now,
  });
  registerInstagramRoutes(router, {
    state,
    faults,
    publicUrl,
    version: specs.version,
    containerProcessingMs,
    publishingQuota: options.publishingQuota ?? 50,
    now,
  });
  registerEngagementRoutes(router, { state, now });

  app.register(async (scoped) => {
    registerLoginRoutes(scoped, {
      state,
      apps: options.apps,
      version: specs.version,
      knownScopes: KNOWN_PERMISSIONS,
      shortLivedTokenSeconds: options.shortLivedTokenSeconds ?? 3600,
      longLivedTokenSeconds: options.longLivedTokenSeconds ?? 5_183_944,
      now,
    });
    registerUploadRoutes(scoped, { state, version: specs.version, containerProcessingMs, now });
    registerControlRoutes(scoped, state, faults, now);
    registerWebRoutes(scoped, state);
    router.register(scoped);
  });
  app.addHook('onClose', async () => stateFile?.flush());
  return {
    app,
    state,
    faults,
    version: specs.version,
    setPublicUrl: (url) => {
      publicBase = url.replace(/\/$/, '');
    },
  };
}
