import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorFaults, Hangs } from '../common/faults.js';
import type { CallBudget } from './call-budget.js';
import { type CatalogOperation, type CollectionCatalog, fieldName, type NodeKind } from './collection-catalog.js';
import { type GraphError, graphErrors, sendGraphError } from './graph-errors.js';
import type { Container, ThreadsMedia, ThreadsState, ThreadsUser, TokenGrant } from './state.js';

/** The object a request's path starts from, looked up by id. */
export type ResolvedNode =
  | { kind: 'user'; user: ThreadsUser }
  | { kind: 'media'; media: ThreadsMedia }
  | { kind: 'container'; container: Container }
  | { kind: 'root' };

export interface ApiContext {
  operation: CatalogOperation;
  node: ResolvedNode;
  /** Query and body parameters together, as Graph reads them. */
  params: Record<string, string>;
  grant: TokenGrant | undefined;
  user: ThreadsUser | undefined;
  request: FastifyRequest;
}

export interface ApiHandler {
  /** Permissions the token must carry; none for the token endpoints, which check their own credentials. */
  scopes(params: Record<string, string>): string[];
  authenticated: boolean;
  handle(context: ApiContext): Promise<unknown> | unknown;
}

/** A body sent as it is, for answers JSON.stringify cannot write (integers beyond 2^53). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Thrown by handlers to answer with a Graph error. */
export class GraphFailure extends Error {
  constructor(readonly error: GraphError) {
    super(error.message);
  }
}

export interface ApiDependencies {
  catalog: CollectionCatalog;
  handlers: Record<string, ApiHandler>;
  state: ThreadsState;
  faults: EmulatorFaults;
  hangs: Hangs;
  budget: CallBudget;
  now: () => number;
}

/** Paths that are not the Graph API: the consent page, emulator controls, web pages. */
export function isApiPath(path: string): boolean {
  return !(path.startsWith('/_emulator') || path.startsWith('/@') || path.startsWith('/oauth/authorize'));
}

const ROOT_PATHS = new Set([
  'oauth',
  'access_token',
  'refresh_access_token',
  'location_search',
  'profile_lookup',
  'profile_posts',
  'keyword_search',
  'oembed',
  'debug_token',
]);

/**
 * Every Graph request goes through the steps Meta's front door takes: injected latency and faults,
 * the path (with or without `/v1.0`), the access token (query `access_token` or a Bearer header),
 * the node, the operation in the Postman collection, the parameters against it, the permissions,
 * the call budget, then the handler.
 */
export function registerGraphApi(app: FastifyInstance, deps: ApiDependencies): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (!isApiPath(path)) return undefined;
    const latency = deps.faults.latencyFor(request.method, path);
    if (latency > 0) await sleep(latency);
    const fault = deps.faults.take(request.method, path);
    if (!fault) return undefined;
    switch (fault.kind) {
      case 'rate_limit':
        return sendGraphError(reply, graphErrors.applicationLimit());
      case 'server_error':
        return sendGraphError(reply, graphErrors.serverError(fault.status ?? 500));
      case 'unauthorized':
        return sendGraphError(reply, graphErrors.tokenExpired(deps.now() - 1000, deps.now()));
      case 'timeout':
        if (!fault.afterProcessing) return deps.hangs.now(request, reply);
        deps.hangs.afterHandling(request);
        return undefined;
      default: {
        const exhaustive: never = fault;
        throw new Error(`unhandled fault ${JSON.stringify(exhaustive)}`);
      }
    }
  });

  deps.hangs.register(app);

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      try {
        const body = await answer(request, deps);
        if (body instanceof RawJson) return reply.type('application/json; charset=UTF-8').send(body.text);
        return body;
      } catch (error) {
        if (error instanceof GraphFailure) return sendGraphError(reply, error.error);
        throw error;
      }
    },
  });
}

async function answer(request: FastifyRequest, deps: ApiDependencies): Promise<unknown> {
  const segments = pathOf(request).split('/').filter(Boolean);
  if (segments[0] && /^v\d+\.\d+$/.test(segments[0])) {
    if (segments[0] !== 'v1.0') throw new GraphFailure(graphErrors.unknownPath(segments[0]));
    segments.shift();
  }
  const params = parametersOf(request);
  const first = segments[0] ?? '';
  const unsupported = () => new GraphFailure(graphErrors.unsupported(request.method, first));

  if (ROOT_PATHS.has(first)) {
    // Paths at the root name their operation themselves; the token endpoints check their own credentials.
    const operation = deps.catalog.find(request.method, 'root', segments.join('/'));
    const handler = operation ? deps.handlers[operation.key] : undefined;
    if (!operation || !handler) throw unsupported();
    const caller = handler.authenticated ? authenticate(tokenOf(request), deps) : undefined;
    checkParameters(operation, params, nodeTypeOf('root'));
    return handler.handle({
      operation,
      node: { kind: 'root' },
      params,
      grant: caller?.grant,
      user: caller?.user,
      request,
    });
  }

  const { grant, user } = authenticate(tokenOf(request), deps);
  const node = resolveNode(first, user, deps.state, request.method);
  const operation = deps.catalog.find(request.method, node.kind, segments.slice(1).join('/'));
  const handler = operation ? deps.handlers[operation.key] : undefined;
  if (!operation || !handler) throw unsupported();
  checkParameters(operation, params, nodeTypeOf(node.kind));
  const missing = handler.scopes(params).filter((scope) => !grant.scopes.includes(scope));
  if (missing[0]) throw new GraphFailure(graphErrors.permissionMissing(missing[0]));
  if (!deps.budget.spend(user.id)) throw new GraphFailure(graphErrors.callBudgetExhausted());
  return handler.handle({ operation, node, params, grant, user, request });
}

function authenticate(token: string | undefined, deps: ApiDependencies): { grant: TokenGrant; user: ThreadsUser } {
  if (!token) throw new GraphFailure(graphErrors.tokenMissing());
  const grant = deps.state.findToken(token);
  if (!grant) throw new GraphFailure(graphErrors.tokenInvalid());
  if (grant.expiresAt <= deps.now()) throw new GraphFailure(graphErrors.tokenExpired(grant.expiresAt, deps.now()));
  const user = deps.state.users.get(grant.userId);
  if (!user) throw new GraphFailure(graphErrors.tokenRevoked(grant.clientId));
  return { grant, user };
}

function resolveNode(id: string, user: ThreadsUser, state: ThreadsState, method: string): ResolvedNode {
  if (id === 'me') return { kind: 'user', user };
  const found = state.users.get(id);
  // Another person's profile is not readable with this token (profile_lookup is for that).
  if (found && found.id === user.id) return { kind: 'user', user: found };
  const media = state.media.get(id);
  if (media && !media.deleted) return { kind: 'media', media };
  const container = state.containers.get(id);
  if (container && container.ownerId === user.id) return { kind: 'container', container };
  throw new GraphFailure(graphErrors.unsupported(method, id));
}

const NODE_TYPES: Record<NodeKind, string> = {
  user: 'ThreadsUser',
  media: 'ThreadsMedia',
  container: 'ThreadsMediaContainer',
  location: 'ThreadsLocation',
  root: 'Application',
};

function nodeTypeOf(kind: NodeKind): string {
  return NODE_TYPES[kind];
}

/** Unknown parameters and values outside the lists the collection gives are refused, Graph's way. */
function checkParameters(operation: CatalogOperation, params: Record<string, string>, nodeType: string): void {
  for (const [name, value] of Object.entries(params)) {
    const rule = operation.parameters.get(name);
    if (!rule) throw new GraphFailure(graphErrors.invalidParameter(`Param ${name} is not a valid parameter`));
    if (!rule.values) continue;
    const items = rule.list ? value.split(/,(?![^{]*\})/).map((item) => item.trim()) : [value];
    const allowed = rule.values.map(fieldName);
    items.forEach((item, index) => {
      const wanted = name === 'fields' ? fieldName(item) : item;
      if (allowed.includes(wanted)) return;
      if (name === 'fields') throw new GraphFailure(graphErrors.nonexistingField(wanted, nodeType));
      if (name === 'metric') {
        throw new GraphFailure(
          graphErrors.invalidParameter(`metric[${index}] must be one of the following values: ${allowed.join(', ')}`),
        );
      }
      throw new GraphFailure(
        graphErrors.invalidParameter(`Param ${name} must be one of {${allowed.join(', ')}} - got "${item}"`),
      );
    });
  }
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/** Graph reads parameters from the query and the body alike (form or JSON); lists may come as arrays. */
function parametersOf(request: FastifyRequest): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of [request.query, request.body]) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      if (value === undefined || name === 'access_token') continue;
      merged[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
    }
  }
  return merged;
}

function tokenOf(request: FastifyRequest): string | undefined {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.access_token;
  if (typeof fromQuery === 'string' && fromQuery) return fromQuery;
  const fromBody = (request.body as Record<string, unknown> | undefined)?.access_token;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const header = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return header?.[1];
}
