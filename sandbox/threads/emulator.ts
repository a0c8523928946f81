import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { EmulatorFaults, Hangs } from '../common/faults.js';
import { registerFileDrop } from '../common/file-drop.js';
import { JsonStateFile } from '../common/state-file.js';
import { isApiPath, registerGraphApi } from './api.js';
import { CallBudget } from './call-budget.js';
import { CollectionCatalog, DEFAULT_COLLECTION_PATH } from './collection-catalog.js';
import { ContainerProcessor, THREADS_MEDIA_RULES } from './containers.js';
import { registerControlRoutes } from './control-routes.js';
import { graphErrors, sendGraphError } from './graph-errors.js';
import { registerAuthorizePage, type ThreadsClient, tokenHandlers } from './oauth.js';
import { publishHandlers } from './publish-handlers.js';
import { readHandlers } from './read-handlers.js';
import { type ThreadsMedia, type ThreadsSnapshot, ThreadsState } from './state.js';
import { registerWebRoutes } from './web-routes.js';

export type { ThreadsClient } from './oauth.js';
export type { Container, ThreadsMedia, ThreadsUser } from './state.js';

export interface ThreadsEmulatorOptions {
  /** Where clients reach the emulator, for permalinks and file URLs; else from each request's Host. */
  publicUrl?: string;
  /** Registered apps, like Meta apps with the Threads use case. */
  clients: ThreadsClient[];
  /** Accounts that exist from the start; the authorization window creates more on demand. */
  users?: Array<{ username: string; name?: string; id?: string; eligibleForGeoGating?: boolean }>;
  /** The official Postman collection; defaults to the copy beside this file. */
  collectionPath?: string;
  /** A JSON file to keep state in across restarts; memory only when absent. */
  stateFile?: string;
  /** Folder for files put on the file drop; a temporary one when absent. */
  filesDirectory?: string;
  /** Time a fetched video takes to process; 2 s by default. */
  videoProcessingMs?: number;
  fetchTimeoutMs?: number;
  /** Calls allowed per impression per 24 hours; Threads' is 4,800. */
  callsPerImpression?: number;
  logger?: boolean;
  /** Clock, for tests (token ages, rolling quotas). */
  now?: () => number;
}

export interface ThreadsEmulator {
  app: FastifyInstance;
  state: ThreadsState;
  faults: EmulatorFaults;
  catalog: CollectionCatalog;
  /** Someone in the audience replies to a post or a reply. */
  addAudienceReply(parentId: string, username: string, text: string): ThreadsMedia;
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * A local Threads API: OAuth with short- and long-lived tokens, media containers that are fetched
 * and processed before they can be published, carousels, replies, insights, quotas, Meta's error
 * envelope, every request checked against the official Postman collection, and fault switches. The
 * caller listens: `await emulator.app.listen({ host: '127.0.0.1', port })`.
 */
export function createThreadsEmulator(options: ThreadsEmulatorOptions): ThreadsEmulator {
  const now = options.now ?? Date.now;
  let stateFile: JsonStateFile<ThreadsSnapshot> | undefined;
  const state = new ThreadsState(now, () => stateFile?.scheduleSave());
  if (options.stateFile) {
    stateFile = new JsonStateFile(options.stateFile, 1, () => state.snapshot());
    const saved = stateFile.load();
    if (saved) state.restore(saved);
  }
  for (const user of options.users ?? []) state.ensureUser(user.username, user);

  const catalog = CollectionCatalog.fromFile(options.collectionPath ?? DEFAULT_COLLECTION_PATH);
  const faults = new EmulatorFaults(() => state.expireAllTokens());
  const processor = new ContainerProcessor(state, {
    videoProcessingMs: options.videoProcessingMs ?? 2000,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 10_000,
    now,
  });
  const publicUrl = options.publicUrl?.replace(/\/$/, '');
  const webUrl = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.headers.host}`;

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    if (!isApiPath(request.url)) return reply.code(status).send({ error: error.message });
    if (status >= 400 && status < 500) return sendGraphError(reply, graphErrors.invalidParameter(error.message));
    return sendGraphError(reply, graphErrors.serverError(500));
  });

  const addAudienceReply = (parentId: string, username: string, text: string): ThreadsMedia => {
    const parent = state.media.get(parentId);
    if (!parent || parent.deleted) throw Object.assign(new Error(`no Threads media ${parentId}`), { statusCode: 404 });
    const author = state.ensureUser(username);
    return state.addMedia({
      ownerId: author.id,
      mediaType: 'TEXT_POST',
      text,
      mediaUrl: undefined,
      altText: undefined,
      children: [],
      replyToId: parent.id,
      rootPostId: parent.rootPostId ?? parent.id,
      quotePostId: undefined,
      replyControl: 'everyone',
      allowlistedCountryCodes: undefined,
      linkAttachmentUrl: undefined,
      topicTag: undefined,
    });
  };

  const oauthOptions = { state, clients: options.clients, now, authorizationCodeTtlMs: 60 * 60_000 };
  registerAuthorizePage(app, oauthOptions);
  registerControlRoutes(app, { state, faults, addAudienceReply });
  registerFileDrop(app, {
    directory: options.filesDirectory,
    maxBytes: THREADS_MEDIA_RULES.videoMaxBytes,
    publicUrl,
  });
  registerWebRoutes(app, state);
  registerGraphApi(app, {
    catalog,
    handlers: {
      ...tokenHandlers(oauthOptions),
      ...publishHandlers({ state, processor }),
      ...readHandlers({ state, webUrl, now }),
    },
    state,
    faults,
    hangs: new Hangs(),
    budget: new CallBudget(state, now, options.callsPerImpression),
    now,
  });
  app.addHook('onClose', async () => {
    processor.close();
    stateFile?.flush();
  });

  return { app, state, faults, catalog, addAudienceReply };
}
