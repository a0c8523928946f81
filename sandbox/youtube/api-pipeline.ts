import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveFault, Hangs } from '../common/faults.js';
import type { ApiMethod, DiscoveryCatalog, MethodMatch } from './discovery-catalog.js';
import type { YouTubeFaults } from './faults.js';
import { googleErrors, sendGoogleError } from './google-errors.js';
import type { QuotaLedger } from './quota.js';
import type { RequestChecker } from './request-check.js';
import type { AccessGrant, SandboxChannel, YouTubeSandboxState } from './state.js';

/** What the pipeline learned about an API request, for the route handler. */
export interface ApiContext {
  method: ApiMethod;
  via: 'api' | 'upload';
  grant: AccessGrant;
  channel: SandboxChannel;
}

export interface PipelineDependencies {
  catalog: DiscoveryCatalog;
  checker: RequestChecker;
  state: YouTubeSandboxState;
  faults: YouTubeFaults;
  hangs: Hangs;
  quota: QuotaLedger;
  now: () => number;
}

const contexts = new WeakMap<FastifyRequest, ApiContext>();

export function apiContextOf(request: FastifyRequest): ApiContext {
  const context = contexts.get(request);
  if (!context) throw new Error(`no API context for ${request.method} ${request.url}`);
  return context;
}

export function isApiPath(path: string): boolean {
  return /^\/(resumable\/)?(upload\/)?youtube\/v3\//.test(path);
}

export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A PUT to a resumable session URI: the `upload_id` is its credential, as on Google's upload servers. */
export function isSessionRequest(request: FastifyRequest): boolean {
  return request.method === 'PUT' && typeof (request.query as Record<string, unknown>).upload_id === 'string';
}

/**
 * Every API request goes through the steps Google's front end takes: injected latency and faults,
 * method lookup in the discovery document, bearer authentication, scopes, the query checked against
 * the method's parameters (an invalid request still costs a unit), the daily quota, and once the body
 * is parsed, the body against the request schema.
 */
export function registerApiPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (!isApiPath(path)) return undefined;
    const latency = deps.faults.latencyFor(request.method, path);
    if (latency > 0) await sleep(latency);

    if (isSessionRequest(request)) {
      const fault = deps.faults.take(request.method, path);
      return fault ? answerFault(fault, request, reply, deps.hangs) : undefined;
    }

    const match = deps.catalog.match(request.method, path);
    if (!match) return sendGoogleError(reply, googleErrors.methodNotFound(path));
    const fault = deps.faults.take(request.method, path);
    if (fault) {
      const answered = await answerFault(fault, request, reply, deps.hangs);
      if (answered) return answered;
    }

    const caller = authenticate(request, deps);
    if (!caller) return sendGoogleError(reply, googleErrors.unauthenticated());
    if (!match.method.scopes.some((scope) => caller.grant.scopes.includes(scope))) {
      return sendGoogleError(reply, googleErrors.insufficientPermissions());
    }

    const quotaKey = deps.quota.keyFor(caller.grant.clientId, caller.channel.id);
    const problem = deps.checker.checkQuery(match.method, match.via, request.query as Record<string, string>);
    if (problem) {
      deps.quota.chargeInvalid(quotaKey);
      return sendGoogleError(reply, problem);
    }
    if (!deps.quota.charge(quotaKey, match.method.id)) return sendGoogleError(reply, googleErrors.quotaExceeded());
    contexts.set(request, { ...context(match), ...caller });
    return undefined;
  });

  app.addHook('preValidation', async (request, reply) => {
    const found = contexts.get(request);
    if (!found) return undefined;
    // Media bodies (a thumbnail's bytes) are not JSON; the metadata of an upload is.
    const isJson = (request.headers['content-type'] ?? '').startsWith('application/json');
    if (!isJson) return undefined;
    const problem = deps.checker.checkBody(found.method, request.body);
    return problem ? sendGoogleError(reply, problem) : undefined;
  });
}

function context(match: MethodMatch): Pick<ApiContext, 'method' | 'via'> {
  return { method: match.method, via: match.via };
}

function authenticate(request: FastifyRequest, deps: PipelineDependencies) {
  const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const token = header ?? (request.query as Record<string, string | undefined>).access_token;
  if (!token) return undefined;
  const grant = deps.state.findAccessToken(token);
  if (!grant || grant.expiresAt <= deps.now()) return undefined;
  const channel = deps.state.channels.get(grant.channelId);
  return channel ? { grant, channel } : undefined;
}

/** Answers an injected fault the way Google would; undefined lets the request go on (timeout after processing). */
export async function answerFault(
  fault: ActiveFault,
  request: FastifyRequest,
  reply: FastifyReply,
  hangs: Hangs,
): Promise<FastifyReply | undefined> {
  switch (fault.kind) {
    case 'rate_limit':
      return sendGoogleError(reply, googleErrors.rateLimitExceeded());
    case 'server_error':
      return sendGoogleError(reply, googleErrors.backendError(fault.status ?? 503));
    case 'unauthorized':
      return sendGoogleError(reply, googleErrors.unauthenticated());
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
