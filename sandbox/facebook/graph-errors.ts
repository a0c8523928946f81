import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** One Graph API error, as Meta's envelope carries it. Most come back as HTTP 400; clients read `code`. */
export interface GraphError {
  status: number;
  message: string;
  type: 'OAuthException' | 'GraphMethodException' | 'IGApiException' | 'FacebookApiException';
  code: number;
  subcode?: number;
  userTitle?: string;
  userMessage?: string;
  isTransient?: boolean;
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
  return reply.code(error.status).header('www-authenticate', wwwAuthenticate(error)).send({ error: body });
}

/** Meta names the failure in a header too for token problems (`OAuth "Facebook Platform" "invalid_token" "…"`). */
function wwwAuthenticate(error: GraphError): string {
  const kind = error.code === 190 ? 'invalid_token' : 'invalid_request';
  return `OAuth "Facebook Platform" "${kind}" "${error.message.replace(/"/g, "'")}"`;
}

export const graphErrors = {
  tokenRequired: (): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 104,
    message: 'An access token is required to request this resource.',
  }),
  tokenUnreadable: (): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 190,
    message: 'Invalid OAuth access token - Cannot parse access token',
  }),
  tokenExpired: (at: number): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 190,
    subcode: 463,
    message: `Error validating access token: Session has expired on ${new Date(at).toUTCString()}.`,
  }),
  tokenInvalidated: (reason: 'password_changed' | 'app_removed'): GraphError =>
    reason === 'password_changed'
      ? {
          status: 400,
          type: 'OAuthException',
          code: 190,
          subcode: 460,
          message:
            'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
        }
      : {
          status: 400,
          type: 'OAuthException',
          code: 190,
          subcode: 458,
          message: 'Error validating access token: The user has not authorized application.',
        },
  badAppSecretProof: (): GraphError => ({
    status: 400,
    type: 'GraphMethodException',
    code: 100,
    message: 'Invalid appsecret_proof provided in the API argument',
  }),
  appSecretProofRequired: (): GraphError => ({
    status: 400,
    type: 'GraphMethodException',
    code: 100,
    message: 'API calls from the server require an appsecret_proof argument',
  }),
  permission: (message: string): GraphError => ({ status: 403, type: 'OAuthException', code: 200, message }),
  unsupported: (method: string, id: string): GraphError => ({
    status: 400,
    type: 'GraphMethodException',
    code: 100,
    subcode: 33,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  }),
  unknownPath: (): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 2500,
    message: 'Unknown path components',
  }),
  invalidParameter: (message: string, subcode?: number): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 100,
    subcode,
    message: `(#100) ${message}`,
  }),
  nonexistingField: (field: string, nodeType: string): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 100,
    message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
  }),
  duplicatePost: (): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 506,
    message: 'Duplicate status message',
    userTitle: 'Duplicate Post',
    userMessage: 'This status update is identical to the last one you posted. Try posting something different.',
  }),
  throttled: (code: 4 | 17 | 32 | 80001 | 80002): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code,
    isTransient: true,
    message:
      code === 4
        ? '(#4) Application request limit reached'
        : code === 17
          ? '(#17) User request limit reached'
          : code === 32
            ? '(#32) Page request limit reached'
            : `(#${code}) There have been too many calls to this ${code === 80002 ? 'Instagram' : 'Page'} account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.`,
  }),
  publishingLimit: (): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 9,
    subcode: 2207042,
    isTransient: false,
    message: 'Application request limit reached',
    userTitle: 'Publishing limit reached',
    userMessage: 'The account reached the maximum number of posts the API may publish in 24 hours.',
  }),
  serverError: (status: 500 | 502 | 503): GraphError => ({
    status,
    type: 'OAuthException',
    code: 2,
    isTransient: true,
    message: 'An unexpected error has occurred. Please retry your request later.',
  }),
  containerNotReady: (): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 9007,
    subcode: 2207027,
    isTransient: false,
    message: 'Media ID is not available',
    userTitle: 'Media not ready for publishing',
    userMessage: 'The media is not ready for publishing, please wait for a moment',
  }),
  containerUnusable: (status: string): GraphError => ({
    status: 400,
    type: 'OAuthException',
    code: 9004,
    subcode: 2207032,
    message: `The media container cannot be published: its status is ${status}`,
    userTitle: 'Media cannot be published',
    userMessage: `The container is ${status}; create a new one.`,
  }),
};
