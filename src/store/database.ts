import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';
import { withPreparedStatements } from './sqlite-statements.js';

export type DatabaseSettings =
  | { kind: 'sqlite'; file: string }
  /** `schema` confines Crier to one PostgreSQL schema (used by tests to isolate each run). */
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

export interface CrierDatabase {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** The PostgreSQL schema Crier is confined to, when it is not the default one. */
  schema?: string;
  /** The last error of an idle pooled connection, kept for diagnosis; the pool replaces the connection. */
  lastIdleConnectionError?: Error;
  close(): Promise<void>;
}

const INT8_OID = 20;

export function openDatabase(settings: DatabaseSettings): CrierDatabase {
  if (settings.kind === 'sqlite') {
    if (settings.file !== ':memory:') fs.mkdirSync(path.dirname(settings.file), { recursive: true });
    const sqlite = new SQLite(settings.file);
    // WAL lets readers (API) and the scheduler's writer work side by side; NORMAL is durable across
    // process crashes in WAL mode, which is the failure the scheduler must survive.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withPreparedStatements(sqlite) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize ?? 10,
    ...(settings.schema ? { options: `-c search_path=${settings.schema}` } : {}),
    // epoch-millisecond columns are bigint; they fit a JS number exactly, so read them as numbers
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const database: CrierDatabase = {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    schema: settings.schema,
    close: () => database.db.destroy(),
  };
  // An idle connection the server closes (a restart, a failover, an administrator) must not take the
  // process down: pg emits it on the pool, the pool drops that client and opens a new one when needed.
  pool.on('error', (error) => {
    database.lastIdleConnectionError = error;
  });
  return database;
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/** Brings the schema up to date; fails with the migration's own error so a bad start is loud. */
export async function migrateToLatest(database: CrierDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    // Migration numbers are handed out to work in progress side by side, so one may land after a
    // higher number is already applied; each migration is independent of the ones numbered around it.
    allowUnorderedMigrations: true,
    // Kysely looks for its bookkeeping tables in every schema unless told which: another Crier's
    // tables in a neighbouring schema would otherwise pass for ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
    provider: new StaticMigrationProvider(database.dialect === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
