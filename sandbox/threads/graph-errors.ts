import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** Meta's Graph error envelope, which the Threads API answers with. */
export interface GraphError {
  status: number;
  message: string;
  type: 'OAuthException' | 'GraphMethodException' | 'IGApiException';
  code: number;
  subcode?: number;
  isTransient?: boolean;
  /** Meta's explanation for people, where it gives one. */
  userTitle?: string;
  userMessage?: string;
}

export function sendGraphError(reply: FastifyReply, error: GraphError): FastifyReply {
  const body: Record<string, unknown> = {
    message: error.message,
    type: error.type,
    code: error.code,
  };
  if (error.subcode !== undefined) body.error_subcode = error.subcode;
  if (error.isTransient !== undefined) body.is_transient = error.isTransient;
  if (error.userTitle) body.error_user_title = error.userTitle;
  if (error.userMessage) body.error_user_msg = error.userMessage;
  body.fbtrace_id = randomBytes(8).toString('base64url');
  // Graph sets WWW-Authenticate on token errors, with the message in it.
  if (error.code === 190)
    reply.header('www-authenticate', `OAuth "Facebook Platform" "invalid_token" "${error.message}"`);
  return reply.code(error.status).send({ error: body });
}

/** The errors the emulator gives, with Meta's codes and wording. */
export const graphErrors = {
  tokenMissing: (): GraphError => ({
    status: 400,
    message: 'An access token is required to request this resource.',
    type: 'OAuthException',
    code: 104,
  }),
  tokenInvalid: (): GraphError => ({
    status: 400,
    message: 'Invalid OAuth access token - Cannot parse access token',
    type: 'OAuthException',
    code: 190,
  }),
  tokenExpired: (expiredAt: number, now: number): GraphError => ({
    status: 400,
    message: `Error validating access token: Session has expired on ${new Date(expiredAt).toUTCString()}. The current time is ${new Date(now).toUTCString()}.`,
    type: 'OAuthException',
    code: 190,
    subcode: 463,
  }),
  tokenRevoked: (clientId: string): GraphError => ({
    status: 400,
    message: `Error validating access token: The user has not authorized application ${clientId}.`,
    type: 'OAuthException',
    code: 190,
    subcode: 458,
  }),
  permissionMissing: (scope: string): GraphError => ({
    status: 403,
    message: `(#10) Application does not have permission for this action (${scope} was not granted)`,
    type: 'OAuthException',
    code: 10,
  }),
  unsupported: (method: string, id: string): GraphError => ({
    status: 400,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    type: 'GraphMethodException',
    code: 100,
    subcode: 33,
  }),
  unknownPath: (path: string): GraphError => ({
    status: 400,
    message: `Unknown path components: ${path}`,
    type: 'OAuthException',
    code: 2500,
  }),
  invalidParameter: (message: string): GraphError => ({
    status: 400,
    message: `(#100) ${message}`,
    type: 'OAuthException',
    code: 100,
  }),
  nonexistingField: (field: string, nodeType: string): GraphError => ({
    status: 400,
    message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
    type: 'OAuthException',
    code: 100,
  }),
  /** The call budget (4,800 × impressions per 24 h) or an injected throttle. */
  callBudgetExhausted: (): GraphError => ({
    status: 429,
    message: '(#17) User request limit reached',
    type: 'OAuthException',
    code: 17,
    isTransient: true,
  }),
  applicationLimit: (): GraphError => ({
    status: 429,
    message: '(#4) Application request limit reached',
    type: 'OAuthException',
    code: 4,
    isTransient: true,
  }),
  publishingLimit: (limit: number, what: 'posts' | 'replies'): GraphError => ({
    status: 429,
    message: `(#4) The user has reached the limit of ${limit} ${what} in 24 hours`,
    type: 'OAuthException',
    code: 4,
    userTitle: 'Publishing limit reached',
    userMessage: `This account has published ${limit} ${what} in the last 24 hours.`,
  }),
  serverError: (status: 500 | 502 | 503): GraphError =>
    status === 503
      ? { status, message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, isTransient: true }
      : { status, message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, isTransient: true },
};
