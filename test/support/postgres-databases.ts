import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { POSTGRES_TEST_URL } from './databases.js';

/**
 * A PostgreSQL database of its own, for tests that run graphile-worker. graphile-worker announces a
 * fresh install of its schema on a database-wide channel (`worker:migrate`) and every worker listening
 * in that database shuts down, whatever schema it uses; test files running side by side would stop
 * each other's workers. A database per test file keeps them apart.
 */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `crier_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** A fresh schema in the database at `url`, and how to drop it. */
export async function createTestSchema(url: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `crier_test_${randomBytes(6).toString('hex')}`;
  await query(url, `create schema ${schema}`);
  return { schema, drop: () => query(url, `drop schema if exists ${schema} cascade`) };
}

function adminQuery(sql: string): Promise<void> {
  return query(POSTGRES_TEST_URL, sql);
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
