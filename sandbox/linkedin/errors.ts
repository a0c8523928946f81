import type { FastifyReply } from 'fastify';

/** LinkedIn's error bodies (linkedin.md, Errors and limits), as the emulator sends them. */
export type LinkedInError =
  | { status: number; serviceErrorCode?: number; code?: string; message: string }
  | {
      status: 422 | 400;
      errorDetailType: 'com.linkedin.common.error.BadRequest';
      message: string;
      errorDetails: {
        inputErrors: Array<{ code: string; description: string; input: { inputPath: { fieldPath: string } } }>;
      };
    };

/** Thrown by routes to answer with a LinkedIn error. */
export class LinkedInFailure extends Error {
  constructor(readonly error: LinkedInError) {
    super(error.message);
  }
}

export function sendLinkedInError(reply: FastifyReply, error: LinkedInError): FastifyReply {
  return reply.code(error.status).header('content-type', 'application/json').send(error);
}

export interface InputError {
  code: string;
  description: string;
  fieldPath: string;
}

export const linkedInErrors = {
  invalidToken: (): LinkedInError => ({
    status: 401,
    serviceErrorCode: 65600,
    code: 'INVALID_ACCESS_TOKEN',
    message: 'Invalid access token',
  }),
  expiredToken: (): LinkedInError => ({
    status: 401,
    serviceErrorCode: 65601,
    code: 'EXPIRED_ACCESS_TOKEN',
    message: 'The token used in the request has expired',
  }),
  revokedToken: (): LinkedInError => ({
    status: 401,
    serviceErrorCode: 65602,
    code: 'REVOKED_ACCESS_TOKEN',
    message: 'The token used in the request has been revoked by the user',
  }),
  accessDenied: (resource: string): LinkedInError => ({
    status: 403,
    serviceErrorCode: 100,
    code: 'ACCESS_DENIED',
    message: `Not enough permissions to access: ${resource}`,
  }),
  notFound: (what: string): LinkedInError => ({
    status: 404,
    serviceErrorCode: 0,
    code: 'NOT_FOUND',
    message: `${what} does not exist`,
  }),
  versionMissing: (): LinkedInError => ({
    status: 400,
    code: 'VERSION_MISSING',
    message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
  }),
  versionInactive: (version: string): LinkedInError => ({
    status: 426,
    code: 'NONEXISTENT_VERSION',
    message: `Requested version ${version} is not active`,
  }),
  protocolVersionMissing: (): LinkedInError => ({
    status: 400,
    code: 'ILLEGAL_ARGUMENT',
    message: 'The X-Restli-Protocol-Version header must be 2.0.0 for versioned APIs',
  }),
  throttled: (): LinkedInError => ({
    status: 429,
    message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
  }),
  serverError: (status: number): LinkedInError => ({
    status,
    message: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
  }),
  badRequest: (message: string): LinkedInError => ({ status: 400, code: 'ILLEGAL_ARGUMENT', message }),
  /** Validation errors: 422 with `errorDetails.inputErrors`, one per field. */
  unprocessable: (message: string, inputErrors: InputError[]): LinkedInError => ({
    status: 422,
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    message,
    errorDetails: {
      inputErrors: inputErrors.map((input) => ({
        code: input.code,
        description: input.description,
        input: { inputPath: { fieldPath: input.fieldPath } },
      })),
    },
  }),
};
