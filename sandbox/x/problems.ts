import type { FastifyReply } from 'fastify';

/** X's problem document (RFC 7807 style), the error shape of API v2. */
export interface XProblem {
  type: string;
  title: string;
  detail: string;
  status: number;
  [extra: string]: unknown;
}

/** One entry of an invalid-request problem's `errors[]`, naming what was wrong. */
export interface RequestViolation {
  message: string;
  /** The query or path parameter, or the body field as a JSON path (`$.media.media_ids[0]`). */
  parameter: string;
  /** Query and path violations carry the offending values, as X does. */
  parameters?: Record<string, string[]>;
}

const PROBLEM_BASE = 'https://api.x.com/2/problems/';

export const problems = {
  invalidRequest(violations: RequestViolation[]): XProblem {
    return {
      type: `${PROBLEM_BASE}invalid-request`,
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      status: 400,
      errors: violations,
    };
  },
  /** X answers a missing, unknown, revoked or expired token with a generic 401. */
  unauthorized(): XProblem {
    return { type: 'about:blank', title: 'Unauthorized', detail: 'Unauthorized', status: 401 };
  },
  forbidden(detail: string): XProblem {
    return { type: 'about:blank', title: 'Forbidden', detail, status: 403 };
  },
  /** A token without the scopes the operation's OpenAPI security lists. */
  missingScopes(missing: string[]): XProblem {
    return {
      type: `${PROBLEM_BASE}client-forbidden`,
      title: 'Client Forbidden',
      detail: `The access token is missing the OAuth 2.0 scopes this endpoint needs: ${missing.join(' ')}.`,
      status: 403,
    };
  },
  /** The wording X uses for a repeated post (observed on the live API). */
  duplicateContent(): XProblem {
    return problems.forbidden('You are not allowed to create a Tweet with duplicate content.');
  },
  notAuthorizedForResource(detail: string, resourceType: string, resourceId: string): XProblem {
    return {
      type: `${PROBLEM_BASE}not-authorized-for-resource`,
      title: 'Forbidden',
      detail,
      status: 403,
      resource_type: resourceType,
      resource_id: resourceId,
    };
  },
  resourceNotFound(detail: string, resourceType: string, parameter: string, value: string): XProblem {
    return {
      type: `${PROBLEM_BASE}resource-not-found`,
      title: 'Not Found Error',
      detail,
      status: 404,
      resource_type: resourceType,
      parameter,
      resource_id: value,
      value,
    };
  },
  routeNotFound(): XProblem {
    return { type: 'about:blank', title: 'Not Found', detail: 'Not Found', status: 404 };
  },
  serverError(status: number): XProblem {
    const titles: Record<number, string> = {
      500: 'Internal Server Error',
      502: 'Bad Gateway',
      503: 'Service Unavailable',
      504: 'Gateway Timeout',
    };
    const title = titles[status] ?? 'Server Error';
    return { type: 'about:blank', title, detail: title, status };
  },
};

export function sendProblem(reply: FastifyReply, problem: XProblem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** X still answers a rate limit with its v1 error body. */
export function sendRateLimited(reply: FastifyReply): FastifyReply {
  return reply
    .code(429)
    .type('application/json')
    .send({ errors: [{ code: 88, message: 'Rate limit exceeded' }] });
}
