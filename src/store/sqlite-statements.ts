import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; Crier's queries are a few hundred shapes at most. */
const CAPACITY = 500;

/**
 * better-sqlite3 for Kysely, with each statement prepared once and reused. Kysely prepares the SQL
 * text again for every query, and parsing costs as much as running a small one: a third of the
 * time of the click recorder's 500-row INSERT, for instance. A statement still being iterated
 * (`busy`) is never handed out twice; the oldest statements are dropped past the capacity.
 */
export function withPreparedStatements(connection: SqliteConnection): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => connection.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = connection.prepare(sql);
      if (!cached && statements.size >= CAPACITY) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
