import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, User } from '../core/model.js';
import type { AuthService, SessionGrant } from '../services/auth.service.js';

export const SESSION_COOKIE = 'crier_session';

/** Reads the session cookie and returns its user, or throws `unauthenticated`. */
export function currentUser(auth: AuthService, request: FastifyRequest): Promise<User> {
  return auth.authenticate(request.cookies[SESSION_COOKIE]);
}

/** The signed-in user, checked to hold at least `role` in the workspace named by the route. */
export async function workspaceMember(
  auth: AuthService,
  request: FastifyRequest<{ Params: { workspaceId: string } }>,
  role: Role,
): Promise<{ user: User; workspaceId: string }> {
  const user = await currentUser(auth, request);
  await auth.authorize(user.id, request.params.workspaceId, role);
  return { user, workspaceId: request.params.workspaceId };
}

export function setSessionCookie(reply: FastifyReply, grant: SessionGrant, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, grant.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(grant.expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
