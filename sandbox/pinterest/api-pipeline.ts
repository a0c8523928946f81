import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorFaults, Hangs } from '../common/faults.js';
import type { OpenApiCatalog, OperationMatch } from '../common/openapi-catalog.js';
import type { OpenApiValidator } from '../common/openapi-validator.js';
import type { Grant, PinterestState, PinterestUser } from './state.js';

export interface ApiCaller {
  grant: Grant;
  user: PinterestUser;
}

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/**
 * Buckets keyed by the operation's `x-ratelimit-category` (operations of one category share quota).
 * Pinterest publishes the universal Standard-tier rate (100/s per user per app) but not each
 * category's number, so these are configurable guesses (verify).
 */
export const DEFAULT_CATEGORY_LIMITS: Record<string, RateLimitRule> = {
  org_write: { limit: 100, windowMs: 60_000 },
  org_read: { limit: 1000, windowMs: 60_000 },
  org_analytics: { limit: 300, windowMs: 60_000 },
};
const FALLBACK_RULE: RateLimitRule = { limit: 100, windowMs: 1000 };

/** Pinterest's error codes for the answers the emulator gives (the body is `{code, message}`). */
export const ERRORS = {
  invalidParameters: { status: 400, code: 1 },
  authenticationFailed: { status: 401, code: 2 },
  forbidden: { status: 403, code: 3 },
  notFound: { status: 404, code: 4 },
  rateLimited: { status: 429, code: 8 },
  serverError: { status: 500, code: 9 },
} as const;

export function sendError(reply: FastifyReply, error: { status: number; code: number }, message: string): FastifyReply {
  return reply.code(error.status).type('application/json').send({ code: error.code, message });
}

export interface PipelineDependencies {
  catalog: OpenApiCatalog;
  validator: OpenApiValidator;
  state: PinterestState;
  faults: EmulatorFaults;
  hangs: Hangs;
  categoryLimits: Record<string, RateLimitRule>;
  now: () => number;
}

const callers = new WeakMap<FastifyRequest, ApiCaller>();
const matches = new WeakMap<FastifyRequest, OperationMatch>();

export function requireCaller(request: FastifyRequest): ApiCaller {
  const caller = callers.get(request);
  if (!caller) throw new Error(`${request.method} ${request.url} needs a caller but has none`);
  return caller;
}

/**
 * Every request under /v5/ in the order Pinterest's front door takes it: latency and faults, the
 * operation in the OpenAPI document, the bearer token (the token endpoint authenticates the app
 * itself), the category's rate limit with headers on every answer, the operation's scopes (all of
 * them), then validation of path, query and body against the document.
 */
export function registerApiPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  const windows = new Map<string, { startedAt: number; used: number }>();

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/v5/')) return;
    const latency = deps.faults.latencyFor(request.method, path);
    if (latency > 0) await sleep(latency);
    const match = deps.catalog.match(request.method, path);
    if (!match) return sendError(reply, ERRORS.notFound, 'Not found.');
    matches.set(request, match);
    const isTokenEndpoint = match.operation.key === 'POST /oauth/token';
    const caller = isTokenEndpoint ? undefined : authenticate(request, deps);
    const category = String(match.operation.extensions['x-ratelimit-category'] ?? 'default');
    const rule = deps.categoryLimits[category] ?? FALLBACK_RULE;
    const fault = deps.faults.take(request.method, path);

    if (fault?.kind === 'rate_limit') {
      const resetSeconds = fault.resetInSeconds ?? 60;
      reply.headers({ ...rateLimitHeaders(rule.limit, 0, resetSeconds), 'retry-after': String(resetSeconds) });
      return sendError(reply, ERRORS.rateLimited, 'You have exceeded your rate limit. Try again later.');
    }
    const bucket = `${category}:${caller?.user.id ?? request.ip}`;
    const now = deps.now();
    let window = windows.get(bucket);
    if (!window || now >= window.startedAt + rule.windowMs) {
      window = { startedAt: now, used: 0 };
      windows.set(bucket, window);
    }
    const allowed = window.used < rule.limit;
    if (allowed) window.used += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + rule.windowMs - now) / 1000));
    reply.headers(rateLimitHeaders(rule.limit, rule.limit - window.used, resetSeconds));

    if (fault) {
      switch (fault.kind) {
        case 'server_error':
          return sendError(
            reply,
            { status: fault.status ?? 503, code: ERRORS.serverError.code },
            'Service unavailable. Try again later.',
          );
        case 'unauthorized':
          return sendError(reply, ERRORS.authenticationFailed, 'Authentication failed.');
        case 'timeout':
          if (!fault.afterProcessing) return deps.hangs.now(request, reply);
          deps.hangs.afterHandling(request);
      }
    }
    if (!allowed) {
      reply.header('retry-after', String(resetSeconds));
      return sendError(reply, ERRORS.rateLimited, 'You have exceeded your rate limit. Try again later.');
    }
    if (isTokenEndpoint) return undefined;
    if (!caller) return sendError(reply, ERRORS.authenticationFailed, 'Authentication failed.');
    const required =
      match.operation.security.find((requirement) => 'pinterest_oauth2' in requirement)?.pinterest_oauth2 ?? [];
    const missing = required.filter((scope) => !caller.grant.scopes.includes(scope));
    if (missing.length > 0) {
      return sendError(
        reply,
        ERRORS.forbidden,
        `Your application consumer type is not supported or the token is missing scopes: ${missing.join(', ')}.`,
      );
    }
    callers.set(request, caller);
    return undefined;
  });

  app.addHook('preValidation', async (request, reply) => {
    const match = matches.get(request);
    if (!match) return;
    const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    const violations = deps.validator.validate(match, {
      query: (request.query ?? {}) as Record<string, string | string[] | undefined>,
      contentType: request.body === undefined ? undefined : contentType,
      body: request.body,
    });
    if (violations.length > 0) {
      return sendError(
        reply,
        ERRORS.invalidParameters,
        `Invalid parameters: ${violations.map((violation) => violation.message).join('; ')}`,
      );
    }
    return undefined;
  });
}

function authenticate(request: FastifyRequest, deps: PipelineDependencies): ApiCaller | undefined {
  const found = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const grant = found?.[1] ? deps.state.findAccessToken(found[1]) : undefined;
  if (!grant || grant.expiresAt <= deps.now()) return undefined;
  const user = deps.state.users.get(grant.userId);
  return user ? { grant, user } : undefined;
}

/** Pinterest does not document its header names (verify); these follow the common x-ratelimit-* form, reset in seconds. */
function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(Math.max(0, remaining)),
    'x-ratelimit-reset': String(resetSeconds),
  };
}
