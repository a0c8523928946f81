import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type EmulatorFaults, type Hangs, matchesPathPattern } from '../common/faults.js';
import type { SandboxCreator, TikTokGrant, TikTokSandboxState } from './state.js';
import { tiktokErrors } from './tiktok-errors.js';

/** One endpoint of the API: the scopes that may call it and its per-token limit per minute. */
export interface Endpoint {
  method: 'GET' | 'POST';
  path: string;
  scopes: string[];
  perMinute: number;
}

/** TikTok's documented per-token limits; others get the general v2 default of 600 a minute. */
export const ENDPOINTS: Endpoint[] = [
  { method: 'POST', path: '/v2/post/publish/creator_info/query/', scopes: ['video.publish'], perMinute: 20 },
  { method: 'POST', path: '/v2/post/publish/video/init/', scopes: ['video.publish'], perMinute: 6 },
  { method: 'POST', path: '/v2/post/publish/inbox/video/init/', scopes: ['video.upload'], perMinute: 6 },
  { method: 'POST', path: '/v2/post/publish/content/init/', scopes: ['video.publish', 'video.upload'], perMinute: 6 },
  { method: 'POST', path: '/v2/post/publish/status/fetch/', scopes: ['video.publish', 'video.upload'], perMinute: 30 },
  { method: 'POST', path: '/v2/video/query/', scopes: ['video.list'], perMinute: 600 },
  { method: 'POST', path: '/v2/video/list/', scopes: ['video.list'], perMinute: 600 },
  { method: 'GET', path: '/v2/user/info/', scopes: ['user.info.basic'], perMinute: 600 },
];

export interface ApiContext {
  grant: TikTokGrant;
  creator: SandboxCreator;
}

export interface PipelineDependencies {
  state: TikTokSandboxState;
  faults: EmulatorFaults;
  hangs: Hangs;
  /** Per-minute limits by path, overriding the documented ones (tests publish faster than people). */
  rateLimits: Record<string, number>;
  now: () => number;
}

const contexts = new WeakMap<FastifyRequest, ApiContext>();

export function apiContextOf(request: FastifyRequest): ApiContext {
  const context = contexts.get(request);
  if (!context) throw new Error(`no API context for ${request.method} ${request.url}`);
  return context;
}

export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function isApiPath(path: string): boolean {
  return path.startsWith('/v2/') && !path.startsWith('/v2/oauth/') && !path.startsWith('/v2/auth/');
}

export function isUploadPath(path: string): boolean {
  return matchesPathPattern('/upload/**', path);
}

/**
 * Every API request goes through: injected latency and faults, the endpoint's existence, the bearer
 * token, its scopes, then the per-token limit of the endpoint (`rate_limit_exceeded`). Uploads carry
 * their own token in the URL and see only latency and faults.
 */
export function registerApiPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  const calls = new Map<string, number[]>();

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    const upload = isUploadPath(path);
    if (!isApiPath(path) && !upload) return undefined;
    const latency = deps.faults.latencyFor(request.method, path);
    if (latency > 0) await sleep(latency);
    const fault = deps.faults.take(request.method, path);
    if (fault) {
      const answered = await answerFault(fault, request, reply, deps.hangs);
      if (answered) return answered;
    }
    if (upload) return undefined;

    const endpoint = ENDPOINTS.find((candidate) => candidate.method === request.method && candidate.path === path);
    if (!endpoint)
      return reply.code(404).send({
        data: {},
        error: { code: 'not_found', message: `No such endpoint: ${request.method} ${path}`, log_id: '' },
      });
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const grant = token ? deps.state.findAccessToken(token) : undefined;
    const creator = grant ? deps.state.creators.get(grant.openId) : undefined;
    if (!grant || grant.expiresAt <= deps.now() || !creator) return tiktokErrors.invalidToken(reply);
    if (!endpoint.scopes.some((scope) => grant.scopes.includes(scope)))
      return tiktokErrors.scopeNotAuthorized(reply, endpoint.scopes.join(' or '));

    const key = `${grant.token}:${path}`;
    const windowStart = deps.now() - 60_000;
    const recent = (calls.get(key) ?? []).filter((at) => at > windowStart);
    if (recent.length >= (deps.rateLimits[path] ?? endpoint.perMinute)) return tiktokErrors.rateLimited(reply);
    recent.push(deps.now());
    calls.set(key, recent);
    contexts.set(request, { grant, creator });
    return undefined;
  });
}

async function answerFault(
  fault: NonNullable<ReturnType<EmulatorFaults['take']>>,
  request: FastifyRequest,
  reply: FastifyReply,
  hangs: Hangs,
): Promise<FastifyReply | undefined> {
  switch (fault.kind) {
    case 'rate_limit':
      return tiktokErrors.rateLimited(reply);
    case 'server_error':
      return tiktokErrors.internal(reply, fault.status ?? 500);
    case 'unauthorized':
      return tiktokErrors.invalidToken(reply);
    case 'timeout':
      if (fault.afterProcessing) {
        hangs.afterHandling(request);
        return undefined;
      }
      return hangs.now(request, reply);
    default: {
      const exhaustive: never = fault;
      throw new Error(`unhandled fault ${JSON.stringify(exhaustive)}`);
    }
  }
}
