import type { FastifyReply } from 'fastify';

/** One entry of `error.errors[]` in Google's JSON error body. */
export interface GoogleErrorItem {
  domain: string;
  reason: string;
  message: string;
  location?: string;
  locationType?: 'parameter' | 'header';
}

/** Google's error body: `{"error":{"code","message","errors":[…],"status"}}`. */
export interface GoogleError {
  code: number;
  message: string;
  errors: GoogleErrorItem[];
  status: string;
}

const STATUS_OF_CODE: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};

export function googleError(code: number, item: GoogleErrorItem, message = item.message): GoogleError {
  return { code, message, errors: [item], status: STATUS_OF_CODE[code] ?? 'UNKNOWN' };
}

export function sendGoogleError(reply: FastifyReply, error: GoogleError): FastifyReply {
  return reply.code(error.code).type('application/json; charset=UTF-8').send({ error });
}

/** The errors the emulator answers with, worded as Google words them. */
export const googleErrors = {
  required: (parameter: string) =>
    googleError(400, {
      domain: 'global',
      reason: 'required',
      message: `Required parameter: ${parameter}`,
      location: parameter,
      locationType: 'parameter',
    }),
  unknownPart: (part: string) =>
    googleError(400, {
      domain: 'youtube.part',
      reason: 'unknownPart',
      message: `'${part}'`,
      location: 'part',
      locationType: 'parameter',
    }),
  invalidParameter: (parameter: string, message: string) =>
    googleError(400, {
      domain: 'global',
      reason: 'invalidParameter',
      message,
      location: parameter,
      locationType: 'parameter',
    }),
  unknownParameter: (parameter: string) =>
    googleError(400, {
      domain: 'global',
      reason: 'badRequest',
      message: `Invalid JSON payload received. Unknown name "${parameter}": Cannot bind query parameter. Field '${parameter}' could not be found in request message.`,
    }),
  badRequest: (message: string) => googleError(400, { domain: 'global', reason: 'badRequest', message }),
  videoMetadata: (reason: string, message: string) => googleError(400, { domain: 'youtube.video', reason, message }),
  invalidComment: (reason: string, message: string) => googleError(400, { domain: 'youtube.comment', reason, message }),
  unauthenticated: () =>
    googleError(
      401,
      {
        domain: 'global',
        reason: 'authError',
        message: 'Invalid Credentials',
        location: 'Authorization',
        locationType: 'header',
      },
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    ),
  insufficientPermissions: () =>
    googleError(
      403,
      { domain: 'global', reason: 'insufficientPermissions', message: 'Insufficient Permission' },
      'Request had insufficient authentication scopes.',
    ),
  forbidden: (message: string) => googleError(403, { domain: 'youtube.common', reason: 'forbidden', message }),
  quotaExceeded: () =>
    googleError(403, {
      domain: 'youtube.quota',
      reason: 'quotaExceeded',
      message:
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
    }),
  rateLimitExceeded: () =>
    googleError(429, {
      domain: 'youtube.quota',
      reason: 'rateLimitExceeded',
      message: 'The request cannot be completed because you have exceeded your quota per minute.',
    }),
  notFound: (domain: string, reason: string, message: string) => googleError(404, { domain, reason, message }),
  backendError: (code: 500 | 502 | 503) =>
    googleError(code, { domain: 'global', reason: 'backendError', message: 'Backend Error' }),
  methodNotFound: (path: string) =>
    googleError(404, { domain: 'global', reason: 'notFound', message: `The requested URL ${path} was not found.` }),
};
