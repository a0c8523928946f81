import type { Kysely, Selectable } from 'kysely';
import type { Account, AccountState } from '../../core/model.js';
import type { Environment, Network } from '../../core/networks.js';
import type { AccountsTable, Database } from '../schema.js';

export interface AccountWithCredentials {
  account: Account;
  /** Encrypted; only the accounts service holds the key. */
  sealedCredentials: string;
}

export interface UpsertAccountInput {
  id: string;
  workspaceId: string;
  network: Network;
  environment: Environment;
  remoteId: string;
  handle: string;
  displayName: string;
  profileUrl: string;
  avatarUrl: string | null;
  sealedCredentials: string;
  credentialsExpireAt: number | null;
  now: number;
}

export interface OAuthRequest {
  state: string;
  workspaceId: string;
  userId: string;
  network: Network;
  environment: Environment;
  sealedCodeVerifier: string;
  expiresAt: number;
}

export interface PendingChoice {
  token: string;
  workspaceId: string;
  userId: string;
  network: Network;
  environment: Environment;
  sealedCandidates: string;
  expiresAt: number;
}

export class AccountsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(workspaceId: string): Promise<Account[]> {
    const rows = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .execute();
    return rows.map(toAccount);
  }

  async find(workspaceId: string, id: string): Promise<Account | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  async findWithCredentials(id: string): Promise<AccountWithCredentials | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { account: toAccount(row), sealedCredentials: row.credentials };
  }

  /** Connecting the same network identity again refreshes it instead of duplicating it. */
  async upsert(input: UpsertAccountInput): Promise<Account> {
    await this.db
      .insertInto('accounts')
      .values({
        id: input.id,
        workspace_id: input.workspaceId,
        network: input.network,
        environment: input.environment,
        remote_id: input.remoteId,
        handle: input.handle,
        display_name: input.displayName,
        profile_url: input.profileUrl,
        avatar_url: input.avatarUrl,
        credentials: input.sealedCredentials,
        credentials_expire_at: input.credentialsExpireAt,
        state: 'connected',
        time_zone: null,
        created_at: input.now,
        updated_at: input.now,
      })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'network', 'environment', 'remote_id']).doUpdateSet({
          handle: input.handle,
          display_name: input.displayName,
          profile_url: input.profileUrl,
          avatar_url: input.avatarUrl,
          credentials: input.sealedCredentials,
          credentials_expire_at: input.credentialsExpireAt,
          state: 'connected',
          updated_at: input.now,
        }),
      )
      .execute();
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('network', '=', input.network)
      .where('environment', '=', input.environment)
      .where('remote_id', '=', input.remoteId)
      .executeTakeFirstOrThrow();
    return toAccount(row);
  }

  async saveCredentials(id: string, sealedCredentials: string, expiresAt: number | null, now: number): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ credentials: sealedCredentials, credentials_expire_at: expiresAt, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async setState(id: string, state: AccountState, now: number): Promise<void> {
    await this.db.updateTable('accounts').set({ state, updated_at: now }).where('id', '=', id).execute();
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('accounts')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async saveOAuthRequest(request: OAuthRequest, now: number): Promise<void> {
    await this.db
      .insertInto('oauth_requests')
      .values({
        state: request.state,
        workspace_id: request.workspaceId,
        user_id: request.userId,
        network: request.network,
        environment: request.environment,
        code_verifier: request.sealedCodeVerifier,
        created_at: now,
        expires_at: request.expiresAt,
      })
      .execute();
  }

  /** Reads and deletes in one step: an authorization code's state is good for one use only. */
  async takeOAuthRequest(state: string, now: number): Promise<OAuthRequest | undefined> {
    const row = await this.db.deleteFrom('oauth_requests').where('state', '=', state).returningAll().executeTakeFirst();
    await this.db.deleteFrom('oauth_requests').where('expires_at', '<=', now).execute();
    if (!row || row.expires_at <= now) return undefined;
    return {
      state: row.state,
      workspaceId: row.workspace_id,
      userId: row.user_id,
      network: row.network as Network,
      environment: row.environment as Environment,
      sealedCodeVerifier: row.code_verifier,
      expiresAt: row.expires_at,
    };
  }

  async savePendingChoice(choice: PendingChoice, now: number): Promise<void> {
    await this.db.deleteFrom('account_choices').where('expires_at', '<=', now).execute();
    await this.db
      .insertInto('account_choices')
      .values({
        token: choice.token,
        workspace_id: choice.workspaceId,
        user_id: choice.userId,
        network: choice.network,
        environment: choice.environment,
        candidates: choice.sealedCandidates,
        created_at: now,
        expires_at: choice.expiresAt,
      })
      .execute();
  }

  async findPendingChoice(token: string, now: number): Promise<PendingChoice | undefined> {
    const row = await this.db
      .selectFrom('account_choices')
      .selectAll()
      .where('token', '=', token)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return (
      row && {
        token: row.token,
        workspaceId: row.workspace_id,
        userId: row.user_id,
        network: row.network as Network,
        environment: row.environment as Environment,
        sealedCandidates: row.candidates,
        expiresAt: row.expires_at,
      }
    );
  }

  /** True when this call removed it: a choice is settled once. */
  async deletePendingChoice(token: string): Promise<boolean> {
    const result = await this.db.deleteFrom('account_choices').where('token', '=', token).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    network: row.network as Network,
    environment: row.environment as Environment,
    remoteId: row.remote_id,
    handle: row.handle,
    displayName: row.display_name,
    profileUrl: row.profile_url,
    avatarUrl: row.avatar_url,
    state: row.state as AccountState,
    timeZone: row.time_zone,
    credentialsExpireAt: row.credentials_expire_at,
    createdAt: row.created_at,
  };
}
