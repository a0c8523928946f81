import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveFault, EmulatorFaults, Hangs } from '../common/faults.js';
import type { OpenApiCatalog, OperationMatch } from '../common/openapi-catalog.js';
import type { OpenApiValidator } from '../common/openapi-validator.js';
import { multipartFormFields } from '../x/multipart.js';
import type { AccessToken, MastodonAccount, MastodonState } from './state.js';

export interface ApiCaller {
  token: AccessToken;
  account: MastodonAccount;
}

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** Mastodon's defaults (docs.joinmastodon.org/api/rate-limits): 300 per 5 min, media 30 per 30 min. */
export const DEFAULT_RATE_LIMITS = {
  general: { limit: 300, windowMs: 5 * 60_000 },
  media: { limit: 30, windowMs: 30 * 60_000 },
} satisfies Record<string, RateLimitRule>;

export interface PipelineDependencies {
  catalog: OpenApiCatalog;
  validator: OpenApiValidator;
  state: MastodonState;
  faults: EmulatorFaults;
  hangs: Hangs;
  rateLimits: typeof DEFAULT_RATE_LIMITS;
  now: () => number;
}

const callers = new WeakMap<FastifyRequest, ApiCaller>();
const matches = new WeakMap<FastifyRequest, OperationMatch>();

/** The authenticated caller of an API route; the pipeline has checked token and scopes. */
export function callerOf(request: FastifyRequest): ApiCaller | undefined {
  return callers.get(request);
}

export function requireCaller(request: FastifyRequest): ApiCaller {
  const caller = callers.get(request);
  if (!caller) throw new Error(`${request.method} ${request.url} needs a caller but has none`);
  return caller;
}

/** Mastodon's error body. */
export function sendError(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error });
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/**
 * Every request to /api/... and /oauth/token goes through the instance's front door in this order:
 * latency and injected faults, operation lookup in the OpenAPI document, bearer token, rate limit
 * (X-RateLimit-* headers on every answer, reset as an ISO-8601 time), scopes, then body validation.
 */
export function registerApiPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  const windows = new Map<string, { startedAt: number; used: number }>();

  const consume = (bucket: string, rule: RateLimitRule) => {
    const now = deps.now();
    let window = windows.get(bucket);
    if (!window || now >= window.startedAt + rule.windowMs) {
      window = { startedAt: now, used: 0 };
      windows.set(bucket, window);
    }
    const allowed = window.used < rule.limit;
    if (allowed) window.used += 1;
    return { allowed, remaining: rule.limit - window.used, resetAt: window.startedAt + rule.windowMs };
  };

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    // The consent page is a person's business; the token endpoints are the app's, so they pass here.
    if (!path.startsWith('/api/') && path !== '/oauth/token' && path !== '/oauth/revoke') return;
    const latency = deps.faults.latencyFor(request.method, path);
    if (latency > 0) await sleep(latency);

    const match = deps.catalog.match(request.method, path);
    if (!match) return sendError(reply, 404, 'Not Found');
    matches.set(request, match);
    const fault = deps.faults.take(request.method, path);
    const caller = authenticate(request, deps.state);
    const isMedia = match.operation.key === 'POST /api/v2/media' || match.operation.key === 'POST /api/v1/media';
    const rule = isMedia ? deps.rateLimits.media : deps.rateLimits.general;
    const bucket = `${isMedia ? 'media' : 'general'}:${caller ? `account:${caller.account.id}` : `ip:${request.ip}`}`;

    if (fault?.kind === 'rate_limit') {
      const resetAt = deps.now() + (fault.resetInSeconds ?? 60) * 1000;
      reply.headers(rateLimitHeaders(rule.limit, 0, resetAt));
      return sendError(reply, 429, 'Too many requests');
    }
    const quota = consume(bucket, rule);
    reply.headers(rateLimitHeaders(rule.limit, Math.max(0, quota.remaining), quota.resetAt));
    if (fault) {
      const answered = await answerFault(fault, request, reply, deps.hangs);
      if (answered) return answered;
    }
    if (!quota.allowed) return sendError(reply, 429, 'Too many requests');

    const required = match.operation.security.find((requirement) => 'OAuth2' in requirement)?.OAuth2;
    if (!required) return undefined;
    if (!caller) return sendError(reply, 401, 'The access token is invalid');
    if (!scopesAllow(caller.token.scopes, required)) {
      return sendError(reply, 403, 'This action is outside the authorized scopes');
    }
    callers.set(request, caller);
    return undefined;
  });

  app.addHook('preValidation', async (request, reply) => {
    const match = matches.get(request);
    if (!match) return;
    const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    const body = contentType === 'multipart/form-data' ? multipartFormFields(request.body) : request.body;
    const violations = deps.validator.validate(match, {
      query: (request.query ?? {}) as Record<string, string | string[] | undefined>,
      contentType: body === undefined ? undefined : contentType,
      body,
    });
    if (violations.length > 0) {
      return sendError(reply, 422, `Validation failed: ${violations.map((violation) => violation.message).join(', ')}`);
    }
    return undefined;
  });
}

function authenticate(request: FastifyRequest, state: MastodonState): ApiCaller | undefined {
  const found = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!found?.[1]) return undefined;
  const token = state.findToken(found[1]);
  const account = token ? state.accounts.get(token.accountId) : undefined;
  return token && account ? { token, account } : undefined;
}

/**
 * The operation lists the scopes any one of which is enough; `read` and `write` cover every
 * `read:*` and `write:*` scope, as Mastodon's scope hierarchy says.
 */
export function scopesAllow(granted: string[], acceptable: string[]): boolean {
  return acceptable.some((scope) => granted.includes(scope) || granted.includes(scope.split(':')[0] ?? ''));
}

function rateLimitHeaders(limit: number, remaining: number, resetAt: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': new Date(resetAt).toISOString(),
  };
}

async function answerFault(
  fault: ActiveFault,
  request: FastifyRequest,
  reply: FastifyReply,
  hangs: Hangs,
): Promise<FastifyReply | undefined> {
  switch (fault.kind) {
    case 'rate_limit':
      return sendError(reply, 429, 'Too many requests');
    case 'server_error':
      return sendError(reply, fault.status ?? 503, 'We’re sorry, but something went wrong on our end.');
    case 'unauthorized':
      return sendError(reply, 401, 'The access token is invalid');
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
