import type { FastifyReply } from 'fastify';
import { randomToken } from './state.js';

/** TikTok's log ids: a timestamp then hex, as in its examples (`202210112248442CB9319E1FB30C1073F3`). */
export function logId(now = Date.now()): string {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${Buffer.from(randomToken(10)).toString('hex').slice(0, 20).toUpperCase()}`;
}

/** A success: `{"data":{…},"error":{"code":"ok","message":"","log_id"}}`. */
export function sendData(reply: FastifyReply, data: unknown, status = 200): FastifyReply {
  return reply.code(status).send({ data, error: { code: 'ok', message: '', log_id: logId() } });
}

/** An error in TikTok's shape: the same envelope, `code` naming what went wrong. */
export function sendTikTokError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ data: {}, error: { code, message, log_id: logId() } });
}

/** OAuth endpoints answer RFC 6749's way, with a log id beside. */
export function sendOAuthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).send({ error, error_description: description, log_id: logId() });
}

export const tiktokErrors = {
  invalidToken: (reply: FastifyReply) =>
    sendTikTokError(reply, 401, 'access_token_invalid', 'The access token is invalid or not found in the request.'),
  scopeNotAuthorized: (reply: FastifyReply, scope: string) =>
    sendTikTokError(
      reply,
      401,
      'scope_not_authorized',
      `The user did not authorize the scope required for completing this request (${scope}).`,
    ),
  invalidParams: (reply: FastifyReply, message: string) => sendTikTokError(reply, 400, 'invalid_params', message),
  rateLimited: (reply: FastifyReply) =>
    sendTikTokError(reply, 429, 'rate_limit_exceeded', 'The API rate limit was exceeded. Please try again later.'),
  internal: (reply: FastifyReply, status = 500) =>
    sendTikTokError(reply, status, 'internal_error', 'Something went wrong. Please try again later.'),
};
