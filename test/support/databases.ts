import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type CrierDatabase, type DatabaseSettings, migrateToLatest, openDatabase } from '../../src/store/database.js';

/**
 * Every storage test runs on every dialect. CRIER_TEST_DIALECTS narrows it locally (e.g. `sqlite`);
 * CI runs both, and a PostgreSQL that cannot be reached fails the run instead of being skipped.
 */
export const POSTGRES_TEST_URL = process.env.CRIER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DIALECTS = (process.env.CRIER_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is 'sqlite' | 'postgres' => name === 'sqlite' || name === 'postgres');

export interface TestDatabase {
  settings: DatabaseSettings;
  database: CrierDatabase;
  /** Drops what the test created. */
  cleanup(): Promise<void>;
}

/** Settings for a fresh, empty database of the dialect: a temp SQLite file or a new PostgreSQL schema. */
export async function freshDatabaseSettings(
  dialect: 'sqlite' | 'postgres',
): Promise<{ settings: DatabaseSettings; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-test-'));
    return {
      settings: { kind: 'sqlite', file: path.join(dir, 'crier.sqlite') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `crier_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_TEST_URL} (${String(error)}). Start it, or set CRIER_TEST_DIALECTS=sqlite to run the SQLite half only.`,
    );
  }
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    settings: { kind: 'postgres', url: POSTGRES_TEST_URL, schema },
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

export async function openTestDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const { settings, drop } = await freshDatabaseSettings(dialect);
  const database = openDatabase(settings);
  await migrateToLatest(database);
  return {
    settings,
    database,
    cleanup: async () => {
      await database.close();
      await drop();
    },
  };
}
