import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CrierError, forbidden, invalidInput, unauthenticated } from '../core/errors.js';
import type { Membership, Role, User } from '../core/model.js';
import type { UsersRepository } from '../store/repositories/users.repository.js';
import type { Clock } from './clock.js';
import { hashPassword, verifyPassword } from './passwords.js';

const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const MIN_PASSWORD_LENGTH = 10;

export interface SessionGrant {
  token: string;
  expiresAt: number;
  user: User;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, contributor: 1, editor: 2, admin: 3, owner: 4 };

/** Owner setup, sign-in and workspace authorization. Teams and invitations come later. */
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  async needsSetup(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  async setupOwner(input: {
    name: string;
    email: string;
    password: string;
    workspaceName: string;
    timeZone: string;
  }): Promise<SessionGrant> {
    assertTimeZone(input.timeZone);
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw invalidInput(`The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const user = { id: randomUUID(), email: normalizeEmail(input.email), name: input.name.trim() };
    const created = await this.users.createOwnerIfNone({
      user: { ...user, passwordHash: await hashPassword(input.password) },
      workspace: { id: randomUUID(), name: input.workspaceName.trim(), timeZone: input.timeZone },
      now: this.clock.now(),
    });
    if (!created) throw new CrierError('conflict', 'Crier is already set up: sign in instead');
    return this.grantSession(user);
  }

  async login(email: string, password: string): Promise<SessionGrant> {
    const found = await this.users.findByEmail(normalizeEmail(email));
    // verify even for unknown emails would leak less timing, but scrypt on a dummy hash costs the same
    if (!found || !(await verifyPassword(password, found.passwordHash))) {
      throw new CrierError('unauthenticated', 'That email and password do not match');
    }
    return this.grantSession({ id: found.id, email: found.email, name: found.name });
  }

  async logout(token: string): Promise<void> {
    await this.users.deleteSession(hashToken(token));
  }

  async authenticate(token: string | undefined): Promise<User> {
    if (!token) throw unauthenticated();
    const user = await this.users.findSessionUser(hashToken(token), this.clock.now());
    if (!user) throw unauthenticated('Your session has ended: sign in again');
    return user;
  }

  async memberships(userId: string): Promise<Membership[]> {
    return this.users.memberships(userId);
  }

  /** Throws unless the user belongs to the workspace with at least `minimum` role. */
  async authorize(userId: string, workspaceId: string, minimum: Role): Promise<Role> {
    const membership = (await this.users.memberships(userId)).find((m) => m.workspace.id === workspaceId);
    // an unknown workspace and a foreign one look the same from outside
    if (!membership) throw new CrierError('not_found', `Workspace ${workspaceId} was not found`);
    if (ROLE_RANK[membership.role] < ROLE_RANK[minimum]) {
      throw forbidden(`This needs the ${minimum} role in the workspace; you are ${membership.role}`);
    }
    return membership.role;
  }

  private async grantSession(user: User): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = now + SESSION_LIFETIME_MS;
    await this.users.createSession(hashToken(token), user.id, now, expiresAt);
    await this.users.deleteExpiredSessions(now);
    return { token, expiresAt, user };
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw invalidInput(`${timeZone} is not an IANA time zone (for example Europe/Paris or Asia/Tokyo)`);
  }
}
