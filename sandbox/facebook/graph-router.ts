import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readMultipart, type UploadedFile } from '../x/multipart.js';
import type { ActiveMetaFault, MetaFaults, ThrottleCode } from './faults.js';
import { type GraphError, graphErrors, sendGraphError } from './graph-errors.js';
import { type GraphSpecs, topLevelFields } from './graph-specs.js';
import type { GraphState, TokenGrant } from './state.js';
import { type UsageBucket, type UsageMeter, usageHeaders } from './usage.js';

/** Node types the emulator serves; `IGContainer` is Meta's ShadowIGMediaBuilder, which has no spec file. */
export type NodeType =
  | 'User'
  | 'Page'
  | 'PagePost'
  | 'Photo'
  | 'AdVideo'
  | 'Comment'
  | 'IGUser'
  | 'IGMedia'
  | 'IGComment'
  | 'IGContainer';

export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE';
  nodeType: NodeType;
  /** The resolved id (never `me`). */
  id: string;
  edge: string | undefined;
  params: Record<string, string>;
  files: Record<string, UploadedFile>;
  grant: TokenGrant;
  /** The Page the object belongs to, for ownership and usage. */
  pageId: string | undefined;
}

/** Thrown by handlers to answer with a Graph error. */
export class GraphFailure extends Error {
  constructor(readonly error: GraphError) {
    super(error.message);
  }
}

export interface RouteRule {
  /** Permissions the login must have granted. */
  scopes: string[];
  /** Page-acting calls need a Page token. */
  pageToken?: boolean;
  /** Message when a permission is missing, as Meta words it for that edge. */
  permissionMessage?: string;
}

type Handler = (call: GraphCall, request: FastifyRequest) => Promise<unknown> | unknown;

export interface GraphRouterDependencies {
  specs: GraphSpecs;
  state: GraphState;
  faults: MetaFaults;
  usage: UsageMeter;
  /** Registered apps by id, with their secrets (for appsecret_proof). */
  appSecrets: Map<string, string>;
  requireAppSecretProof: boolean;
  now: () => number;
}

/**
 * Graph API requests (`/v25.0/{id}` and `/v25.0/{id}/{edge}`) go through the steps Meta's front door
 * takes: latency and faults, the access token (query, form or Authorization header) and its
 * appsecret_proof, the object and who may see it, the node spec (operation, parameters, enum values,
 * fields), permissions, usage headers and throttling; then the route's handler.
 */
export class GraphRouter {
  private readonly routes = new Map<string, { rule: RouteRule; handler: Handler }>();
  private readonly hanging = new Set<() => void>();

  constructor(private readonly deps: GraphRouterDependencies) {}

  on(
    nodeType: NodeType,
    method: GraphCall['method'],
    edge: string | undefined,
    rule: RouteRule,
    handler: Handler,
  ): void {
    this.routes.set(`${nodeType} ${method} ${edge ?? '#self'}`, { rule, handler });
  }

  register(app: FastifyInstance): void {
    const handle = (request: FastifyRequest, reply: FastifyReply) => this.handle(request, reply);
    app.route({ method: ['GET', 'POST', 'DELETE'], url: '/:version/*', handler: handle });
    app.addHook('onSend', async (request, _reply, payload) => {
      if (lostAnswers.has(request)) await holdOpen(request.raw.socket, this.hanging);
      return payload;
    });
    app.addHook('preClose', async () => {
      for (const release of this.hanging) release();
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const { version, '*': rest } = request.params as { version: string; '*': string };
    const segments = rest.split('/').filter(Boolean);
    const method = request.method as GraphCall['method'];
    if (version !== this.deps.specs.version || segments.length === 0 || segments.length > 2) {
      return sendGraphError(reply, graphErrors.unknownPath());
    }
    const [rawId = '', edge] = segments;
    const faultPath = `/${rawId}${edge ? `/${edge}` : ''}`;
    const latency = this.deps.faults.latencyFor(method, faultPath);
    if (latency > 0) await sleep(latency);

    const { params, files } = await gatherParams(request);
    try {
      const grant = this.authenticate(request, params);
      const resolved = this.resolve(rawId, grant);
      if (!resolved) throw new GraphFailure(graphErrors.unsupported(method, rawId));
      const route = this.routes.get(`${resolved.nodeType} ${method} ${edge ?? '#self'}`);
      if (!route) throw new GraphFailure(graphErrors.unsupported(method, rawId));
      this.checkSpec(resolved.nodeType, method, edge, params);
      this.checkPermission(route.rule, grant, resolved.pageId);

      const bucket: UsageBucket = usageBucketOf(resolved.nodeType, resolved.pageId, this.deps.state, grant);
      const fault = this.deps.faults.take(method, faultPath);
      const reading = this.deps.usage.count(bucket);
      const throttled = fault?.kind === 'throttle' || !reading.allowed;
      reply.headers(usageHeaders(bucket, reading, throttled));
      if (fault?.kind === 'throttle' || !reading.allowed) {
        const code = (fault?.kind === 'throttle' && fault.code) || defaultThrottleCode(bucket);
        if (fault?.kind === 'throttle' && fault.regainInMinutes !== undefined && bucket.kind !== 'app') {
          reply.headers(usageHeaders(bucket, { percent: 100, minutesToRegain: fault.regainInMinutes }, true));
        }
        throw new GraphFailure(graphErrors.throttled(code));
      }
      if (fault) {
        const answered = await this.answerFault(fault, request, reply);
        if (answered) return answered;
      }
      const call: GraphCall = {
        method,
        nodeType: resolved.nodeType,
        id: resolved.id,
        edge,
        params,
        files,
        grant,
        pageId: resolved.pageId,
      };
      const body = await route.handler(call, request);
      return reply.send(body);
    } catch (error) {
      if (error instanceof GraphFailure) return sendGraphError(reply, error.error);
      throw error;
    }
  }

  private authenticate(request: FastifyRequest, params: Record<string, string>): TokenGrant {
    const header = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = params.access_token ?? header;
    if (!token) throw new GraphFailure(graphErrors.tokenRequired());
    const grant = this.deps.state.tokens.get(token);
    if (!grant) throw new GraphFailure(graphErrors.tokenUnreadable());
    if (grant.invalidated) throw new GraphFailure(graphErrors.tokenInvalidated(grant.invalidated));
    if (grant.expiresAt !== undefined && grant.expiresAt <= this.deps.now()) {
      throw new GraphFailure(graphErrors.tokenExpired(grant.expiresAt));
    }
    const secret = this.deps.appSecrets.get(grant.appId);
    const proof = params.appsecret_proof;
    if (proof !== undefined && secret !== undefined) {
      const expected = createHmac('sha256', secret).update(token).digest('hex');
      if (proof.length !== expected.length || !timingSafeEqual(Buffer.from(proof), Buffer.from(expected))) {
        throw new GraphFailure(graphErrors.badAppSecretProof());
      }
    } else if (this.deps.requireAppSecretProof) {
      throw new GraphFailure(graphErrors.appSecretProofRequired());
    }
    return grant;
  }

  /** Finds the object and whether this login may see it; hidden objects look missing, as on Meta. */
  private resolve(rawId: string, grant: TokenGrant): { nodeType: NodeType; id: string; pageId?: string } | undefined {
    const { state } = this.deps;
    if (rawId === 'me') {
      return grant.kind === 'page' && grant.pageId
        ? { nodeType: 'Page', id: grant.pageId, pageId: grant.pageId }
        : { nodeType: 'User', id: grant.personId };
    }
    const found = locate(state, rawId);
    if (!found) return undefined;
    if (found.nodeType === 'User') return found.id === grant.personId ? found : undefined;
    const page = found.pageId ? state.pages.get(found.pageId) : undefined;
    if (!page || page.ownerId !== grant.personId) return undefined;
    if (grant.kind === 'page' && grant.pageId !== page.id) return undefined;
    return found;
  }

  private checkSpec(
    nodeType: NodeType,
    method: string,
    edge: string | undefined,
    params: Record<string, string>,
  ): void {
    const { specs } = this.deps;
    if (nodeType === 'IGContainer') return;
    const api = specs.operation(nodeType, method, edge);
    if (!api) throw new GraphFailure(graphErrors.unsupported(method, nodeType));
    const problems = specs.checkParams(api, params);
    if (problems[0])
      throw new GraphFailure(graphErrors.invalidParameter(problems.map((problem) => problem.message).join('; ')));
    if (method === 'GET' && params.fields) {
      const readNode = edge ? (api.return ?? nodeType) : nodeType;
      for (const field of topLevelFields(params.fields)) {
        if (!specs.isReadable(readNode, field)) throw new GraphFailure(graphErrors.nonexistingField(field, readNode));
      }
    }
  }

  private checkPermission(rule: RouteRule, grant: TokenGrant, pageId: string | undefined): void {
    const missing = rule.scopes.filter((scope) => !grant.scopes.includes(scope));
    if (missing.length > 0) {
      throw new GraphFailure(
        graphErrors.permission(rule.permissionMessage ?? `(#200) Requires the ${missing.join(', ')} permission`),
      );
    }
    if (rule.pageToken && (grant.kind !== 'page' || grant.pageId !== pageId)) {
      throw new GraphFailure(graphErrors.permission('(#200) The action requires a Page access token of this Page'));
    }
  }

  private async answerFault(
    fault: ActiveMetaFault,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    switch (fault.kind) {
      case 'throttle':
        return sendGraphError(reply, graphErrors.throttled(fault.code ?? 4));
      case 'server_error':
        return sendGraphError(reply, graphErrors.serverError(fault.status ?? 500));
      case 'timeout':
        if (fault.afterProcessing) {
          lostAnswers.add(request);
          return undefined;
        }
        await holdOpen(request.raw.socket, this.hanging);
        reply.hijack();
        return reply;
      default: {
        const exhaustive: never = fault;
        throw new Error(`unhandled fault ${JSON.stringify(exhaustive)}`);
      }
    }
  }
}

const lostAnswers = new WeakSet<FastifyRequest>();

/** Keeps a request unanswered until the client gives up or the emulator closes. */
function holdOpen(socket: Socket, hanging: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const release = () => {
      hanging.delete(release);
      socket.destroy();
      resolve();
    };
    hanging.add(release);
    socket.once('close', release);
  });
}

function defaultThrottleCode(bucket: UsageBucket): ThrottleCode {
  return bucket.kind === 'pages' ? 80001 : bucket.kind === 'instagram' ? 80002 : 4;
}

function usageBucketOf(
  nodeType: NodeType,
  pageId: string | undefined,
  state: GraphState,
  grant: TokenGrant,
): UsageBucket {
  if (nodeType.startsWith('IG') && pageId) {
    const igId = state.pages.get(pageId)?.instagramId;
    if (igId) return { kind: 'instagram', objectId: igId };
  }
  // Page and system-user tokens fall under the Pages business use case; user tokens under the app's limit.
  if (grant.kind === 'page' && pageId) return { kind: 'pages', objectId: pageId };
  return { kind: 'app' };
}

/** What an id names, and the Page it belongs to. */
export function locate(state: GraphState, id: string): { nodeType: NodeType; id: string; pageId?: string } | undefined {
  if (state.people.has(id)) return { nodeType: 'User', id };
  if (state.pages.has(id)) return { nodeType: 'Page', id, pageId: id };
  const post = state.posts.get(id);
  if (post) return { nodeType: 'PagePost', id, pageId: post.pageId };
  const photo = state.photos.get(id);
  if (photo) return { nodeType: 'Photo', id, pageId: photo.pageId };
  const video = state.videos.get(id);
  if (video) return { nodeType: 'AdVideo', id, pageId: video.pageId };
  const account = state.instagram.get(id);
  if (account) return { nodeType: 'IGUser', id, pageId: account.pageId };
  const media = state.media.get(id);
  if (media) return { nodeType: 'IGMedia', id, pageId: state.instagram.get(media.igUserId)?.pageId };
  const container = state.containers.get(id);
  if (container) return { nodeType: 'IGContainer', id, pageId: state.instagram.get(container.igUserId)?.pageId };
  const comment = state.comments.get(id);
  if (comment) {
    const root = locate(state, comment.rootId);
    return root && { nodeType: root.nodeType === 'IGMedia' ? 'IGComment' : 'Comment', id, pageId: root.pageId };
  }
  return undefined;
}

/** Query, form, JSON and multipart parameters as one map of strings (the body wins), plus uploaded files. */
async function gatherParams(
  request: FastifyRequest,
): Promise<{ params: Record<string, string>; files: Record<string, UploadedFile> }> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined) params[name] = Array.isArray(value) ? String(value[value.length - 1]) : String(value);
  }
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType === 'multipart/form-data') {
    const { fields, files } = await readMultipart(request.body);
    return { params: { ...params, ...fields }, files };
  }
  if (request.body && typeof request.body === 'object') {
    for (const [name, value] of Object.entries(request.body as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      params[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return { params, files: {} };
}
