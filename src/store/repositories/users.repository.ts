import type { Kysely } from 'kysely';
import type { Membership, Role, User } from '../../core/model.js';
import type { Database } from '../schema.js';

export interface UserWithSecret extends User {
  passwordHash: string;
}

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Creates the first owner with a workspace in one transaction. Returns undefined when a user already
   * exists, so two racing setup requests cannot both become owner.
   */
  async createOwnerIfNone(input: {
    user: UserWithSecret;
    workspace: { id: string; name: string; timeZone: string };
    now: number;
  }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (existing) return false;
      await trx
        .insertInto('users')
        .values({
          id: input.user.id,
          email: input.user.email,
          name: input.user.name,
          password_hash: input.user.passwordHash,
          created_at: input.now,
        })
        .execute();
      await trx
        .insertInto('workspaces')
        .values({
          id: input.workspace.id,
          name: input.workspace.name,
          time_zone: input.workspace.timeZone,
          created_at: input.now,
        })
        .execute();
      await trx
        .insertInto('members')
        .values({ workspace_id: input.workspace.id, user_id: input.user.id, role: 'owner', created_at: input.now })
        .execute();
      return true;
    });
  }

  async findByEmail(email: string): Promise<UserWithSecret | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash };
  }

  async createSession(tokenHash: string, userId: string, now: number, expiresAt: number): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt })
      .execute();
  }

  async findSessionUser(tokenHash: string, now: number): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.email', 'users.name'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
    return row;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  async memberships(userId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('members')
      .innerJoin('workspaces', 'workspaces.id', 'members.workspace_id')
      .select(['workspaces.id', 'workspaces.name', 'workspaces.time_zone', 'members.role'])
      .where('members.user_id', '=', userId)
      .orderBy('workspaces.created_at')
      .execute();
    return rows.map((row) => ({
      workspace: { id: row.id, name: row.name, timeZone: row.time_zone },
      role: row.role as Role,
    }));
  }

  async ownerOf(workspaceId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('members')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('role', '=', 'owner')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    return row?.user_id;
  }

  async firstWorkspaceId(): Promise<string | undefined> {
    const row = await this.db.selectFrom('workspaces').select('id').orderBy('created_at').limit(1).executeTakeFirst();
    return row?.id;
  }
}
