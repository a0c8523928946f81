import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CrierError, type ErrorCode } from '../core/errors.js';

/** The one mapping from Crier's error codes to HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_content: 422,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  transient: 503,
  unexpected: 500,
};

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const requestId = String(request.id);
  if (error instanceof CrierError) {
    const status = STATUS[error.code];
    if (status >= 500) request.log.error({ err: error }, error.message);
    return reply.status(status).send(body(error.code, error.message, requestId, error.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      field:
        issue.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
        (issue.params as { issue?: { path?: unknown } })?.issue?.path,
      message: issue.message,
    }));
    const where = error.validationContext ?? 'request';
    const summary = issues.map((issue) => `${issue.field ? `${issue.field}: ` : ''}${issue.message}`).join('; ');
    return reply
      .status(400)
      .send(body('invalid_input', `The ${where} is not valid: ${summary}`, requestId, { issues }));
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply
        .status(400)
        .send(body('invalid_json', `The request body is not valid JSON: ${error.message}`, requestId));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return reply.status(413).send(body('payload_too_large', 'The request body is too large', requestId));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply
        .status(415)
        .send(
          body(
            'unsupported_media_type',
            `Content type ${request.headers['content-type'] ?? '(none)'} is not accepted here`,
            requestId,
          ),
        );
    default:
      break;
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return reply.status(fastifyError.statusCode).send(body('invalid_input', error.message, requestId));
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply
    .status(500)
    .send(body('unexpected', 'Something went wrong on our side; the request id helps to find it', requestId));
}

export function body(code: string, message: string, requestId: string, details?: unknown): ErrorBody {
  return details === undefined ? { code, message, requestId } : { code, message, details, requestId };
}
