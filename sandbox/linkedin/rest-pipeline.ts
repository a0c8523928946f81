import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveFault, EmulatorFaults, Hangs } from '../common/faults.js';
import { type LinkedInError, LinkedInFailure, linkedInErrors, sendLinkedInError } from './errors.js';
import type { AccessGrant, LinkedInState, Member } from './state.js';

/** Who is calling, as the pipeline established it. */
export interface RestContext {
  member: Member;
  grant: AccessGrant;
  /** The LinkedIn-Version of the call (YYYYMM); undefined on /v2 and upload URLs. */
  version: string | undefined;
}

export interface PipelineDependencies {
  state: LinkedInState;
  faults: EmulatorFaults;
  hangs: Hangs;
  /** Calls allowed per member, app and day (UTC), by `METHOD /route`; LinkedIn publishes no figures. */
  dailyLimits: Record<string, number>;
  defaultDailyLimit: number;
  /** Versions LinkedIn serves: about a year of monthly releases up to the current month. */
  activeVersions: () => Set<string>;
  now: () => number;
}

const contexts = new WeakMap<FastifyRequest, RestContext>();

export function restContextOf(request: FastifyRequest): RestContext {
  const context = contexts.get(request);
  if (!context) throw new Error(`no LinkedIn context for ${request.method} ${request.url}`);
  return context;
}

/** The versioned API, OpenID's userinfo, and the upload URLs LinkedIn hands out. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/rest/') || path.startsWith('/v2/') || path.startsWith('/dms-uploads/');
}

/** The caller must hold one of these scopes, else LinkedIn's 403 ACCESS_DENIED. */
export function requireScope(context: RestContext, anyOf: string[], resource: string): void {
  if (!anyOf.some((scope) => context.grant.scopes.includes(scope))) {
    throw new LinkedInFailure(linkedInErrors.accessDenied(`${resource}.${context.version ?? 'v2'}`));
  }
}

/**
 * Every API call goes through LinkedIn's front door in this order: injected latency and faults, the
 * Bearer token (invalid, expired or revoked), the LinkedIn-Version and X-Restli-Protocol-Version
 * headers on /rest, then the daily throttle per member and app (reset at midnight UTC, answered with
 * a bare 429: LinkedIn sends no rate-limit headers and no Retry-After).
 */
export function registerRestPipeline(app: FastifyInstance, deps: PipelineDependencies): void {
  const used = new Map<string, number>();
  deps.hangs.register(app);

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!isApiPath(path)) return undefined;
    const latency = deps.faults.latencyFor(request.method, path);
    if (latency > 0) await sleep(latency);
    const fault = deps.faults.take(request.method, path);
    // A fault that answers ends the request here. (A Fastify reply is thenable: never await one.)
    if (fault && faultAnswers(fault)) return answerFault(fault, request, reply, deps.hangs);
    if (fault) deps.hangs.afterHandling(request);
    try {
      const context = authenticate(request, deps);
      if (path.startsWith('/rest/')) context.version = checkVersionHeaders(request, deps);
      const route = `${request.method} ${request.routeOptions.url ?? path}`;
      const day = new Date(deps.now()).toISOString().slice(0, 10);
      const key = `${day} ${context.grant.clientId} ${context.member.id} ${route}`;
      const count = (used.get(key) ?? 0) + 1;
      if (count > (deps.dailyLimits[route] ?? deps.defaultDailyLimit))
        throw new LinkedInFailure(linkedInErrors.throttled());
      used.set(key, count);
      contexts.set(request, context);
      return undefined;
    } catch (error) {
      if (error instanceof LinkedInFailure) return sendLinkedInError(reply, error.error);
      throw error;
    }
  });
}

function authenticate(request: FastifyRequest, deps: PipelineDependencies): RestContext {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token) throw new LinkedInFailure(linkedInErrors.invalidToken());
  const grant = deps.state.accessTokens.get(token);
  if (!grant)
    throw new LinkedInFailure(
      deps.state.revoked.has(token) ? linkedInErrors.revokedToken() : linkedInErrors.invalidToken(),
    );
  if (grant.expiresAt <= deps.now()) throw new LinkedInFailure(linkedInErrors.expiredToken());
  const member = deps.state.members.get(grant.memberId);
  if (!member) throw new LinkedInFailure(linkedInErrors.revokedToken());
  return { member, grant, version: undefined };
}

function checkVersionHeaders(request: FastifyRequest, deps: PipelineDependencies): string {
  const version = request.headers['linkedin-version'];
  if (typeof version !== 'string' || version === '') throw new LinkedInFailure(linkedInErrors.versionMissing());
  if (!deps.activeVersions().has(version)) throw new LinkedInFailure(linkedInErrors.versionInactive(version));
  if (request.headers['x-restli-protocol-version'] !== '2.0.0')
    throw new LinkedInFailure(linkedInErrors.protocolVersionMissing());
  return version;
}

/** Every fault answers at once except a timeout after processing, which lets the request run first. */
function faultAnswers(fault: ActiveFault): boolean {
  return !(fault.kind === 'timeout' && fault.afterProcessing);
}

function answerFault(
  fault: ActiveFault,
  request: FastifyRequest,
  reply: FastifyReply,
  hangs: Hangs,
): FastifyReply | Promise<FastifyReply> {
  const send = (error: LinkedInError) => sendLinkedInError(reply, error);
  switch (fault.kind) {
    case 'rate_limit':
      return send(linkedInErrors.throttled());
    case 'server_error':
      return send(linkedInErrors.serverError(fault.status ?? 500));
    case 'unauthorized':
      return send(linkedInErrors.expiredToken());
    case 'timeout':
      return hangs.now(request, reply);
    default: {
      const exhaustive: never = fault;
      throw new Error(`unhandled fault ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** Monthly versions from a year back to the current month (LinkedIn sunsets a version after about a year). */
export function versionsAround(now: number): Set<string> {
  const versions = new Set<string>();
  const date = new Date(now);
  for (let back = 0; back < 12; back += 1) {
    const month = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
    versions.add(`${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return versions;
}
