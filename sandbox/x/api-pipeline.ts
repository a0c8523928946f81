import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveFault, XFaults } from './faults.js';
import { multipartFormFields } from './multipart.js';
import type { OpenApiCatalog, OperationMatch } from './openapi-catalog.js';
import type { OpenApiValidator } from './openapi-validator.js';
import { problems, sendProblem, sendRateLimited } from './problems.js';
import { type RateLimiter, rateLimitHeaders } from './rate-limits.js';
import type { AccessTokenGrant, SandboxUser, XSandboxState } from './state.js';

/** What the pipeline learned about an API request, for the route handler. */
export interface ApiContext {
  match: OperationMatch;
  grant: AccessTokenGrant;
  user: SandboxUser;
}

export interface PipelineDependencies {
  catalog: OpenApiCatalog;
  validator: OpenApiValidator;
  state: XSandboxState;
  faults: XFaults;
  limiter: RateLimiter;
  now: () => number;
}

const contexts = new WeakMap<FastifyRequest, ApiContext>();
const hangAfterProcessing = new WeakSet<FastifyRequest>();

/** The caller of an API route; the pipeline has already authenticated it. */
export function apiContextOf(request: FastifyRequest): ApiContext {
  const context = contexts.get(request);
  if (!context) throw new Error(`no API context for ${request.method} ${request.url}: is the route under /2/?`);
  return context;
}

export function isApiPath(path: string): boolean {
  return path.startsWith('/2/');
}

function isOAuthPath(path: string): boolean {
  return path.startsWith('/2/oauth2/');
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/**
 * Every request to /2/... goes through the same steps X's front door takes, in this order:
 * injected latency and faults, operation lookup in the OpenAPI document, bearer-token
 * authentication, per-user rate limit (headers on every answer), scopes from the operation's
 * security, then (after the body is parsed) OpenAPI validation of path, query and body.
 */
export function registerApiPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  const hanging = new Set<() => void>();

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (!isApiPath(path)) return;
    const latency = deps.faults.latencyFor(request.method, path);
    if (latency > 0) await sleep(latency);

    if (isOAuthPath(path)) {
      // The token endpoints answer OAuth's own way; only injected faults apply to them.
      const fault = deps.faults.take(request.method, path);
      if (fault) return answerFault(fault, request, reply, hanging);
      return undefined;
    }

    const match = deps.catalog.match(request.method, path);
    if (!match) return sendProblem(reply, problems.routeNotFound());

    const caller = authenticate(request, deps);
    const subject = caller ? `user:${caller.user.id}` : `ip:${request.ip}`;
    const fault = deps.faults.take(request.method, path);
    if (fault?.kind === 'rate_limit') {
      const rule = deps.limiter.ruleFor(match.operation.key);
      const resetEpochSeconds = Math.ceil(deps.now() / 1000) + (fault.resetInSeconds ?? 60);
      reply.headers(rateLimitHeaders({ limit: rule.limit, remaining: 0, resetEpochSeconds }));
      return sendRateLimited(reply);
    }

    const quota = deps.limiter.consume(match.operation.key, subject);
    reply.headers(rateLimitHeaders(quota));
    if (fault) {
      const answered = await answerFault(fault, request, reply, hanging);
      if (answered) return answered;
    }
    if (!caller) return sendProblem(reply, problems.unauthorized());
    if (!quota.allowed) return sendRateLimited(reply);

    const granted = new Set(caller.grant.scopes);
    const required = match.operation.oauth2Scopes;
    if (!required) {
      return sendProblem(
        reply,
        problems.forbidden('Authenticating with OAuth 2.0 User Context is forbidden for this endpoint.'),
      );
    }
    const missing = required.filter((scope) => !granted.has(scope));
    if (missing.length > 0) return sendProblem(reply, problems.missingScopes(missing));

    contexts.set(request, { match, ...caller });
  });

  app.addHook('preValidation', async (request, reply) => {
    const context = contexts.get(request);
    if (!context) return;
    const contentType = mediaTypeOf(request);
    const body = contentType === 'multipart/form-data' ? multipartFormFields(request.body) : request.body;
    const violations = deps.validator.validate(context.match, {
      query: (request.query ?? {}) as Record<string, string | string[] | undefined>,
      contentType: body === undefined ? undefined : contentType,
      body,
    });
    if (violations.length > 0) return sendProblem(reply, problems.invalidRequest(violations));
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    // "Processed but never answered": the request had its effect (a post exists) yet the client
    // sees only a timeout, which is exactly the case Crier must record as an unknown outcome.
    if (hangAfterProcessing.has(request)) await waitUntilClosed(request.raw.socket, hanging);
    return payload;
  });

  app.addHook('preClose', async () => {
    for (const release of hanging) release();
  });
}

function authenticate(request: FastifyRequest, deps: PipelineDependencies) {
  const header = request.headers.authorization ?? '';
  const found = /^Bearer\s+(\S+)$/i.exec(header);
  if (!found?.[1]) return undefined;
  const grant = deps.state.findAccessToken(found[1]);
  if (!grant || grant.expiresAt <= deps.now()) return undefined;
  const user = deps.state.users.get(grant.userId);
  return user ? { grant, user } : undefined;
}

async function answerFault(
  fault: ActiveFault,
  request: FastifyRequest,
  reply: FastifyReply,
  hanging: Set<() => void>,
): Promise<FastifyReply | undefined> {
  switch (fault.kind) {
    case 'rate_limit':
      return sendRateLimited(reply);
    case 'server_error':
      return sendProblem(reply, problems.serverError(fault.status ?? 503));
    case 'unauthorized':
      return sendProblem(reply, problems.unauthorized());
    case 'timeout':
      if (fault.afterProcessing) {
        // Let the request go on; the onSend hook swallows the answer.
        hangAfterProcessing.add(request);
        return undefined;
      }
      await waitUntilClosed(request.raw.socket, hanging);
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    default: {
      const exhaustive: never = fault;
      throw new Error(`unhandled fault ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** Holds a request open until the client gives up or the emulator shuts down. */
function waitUntilClosed(socket: Socket, hanging: Set<() => void>): Promise<void> {
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

export function mediaTypeOf(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  return header ? header.split(';')[0]?.trim().toLowerCase() : undefined;
}
