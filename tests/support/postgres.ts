import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { createPostgresDatabase, type PostgresDatabase, type PostgresDatabaseOptions } from '../../src/storage/postgres-database.js';
import { captureLog } from './log-capture.js';

/**
 * The machine's real PostgreSQL (127.0.0.1:5432, trust auth; `npm test` starts it when it is down). Each test file
 * works in a table of its own and drops it afterwards.
 */
export const TEST_DATABASE_URL = process.env.CDS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A pool on the test database. */
export function testPool(): pg.Pool {
  return new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 8 });
}

/** A fresh table name for this test file. */
export function uniqueTable(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** Polls `condition` every 25 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The service's resilient database module on `url` (default the test database), with generous test timeouts. */
export function testDatabase(options: Partial<PostgresDatabaseOptions> & { log?: Logger } = {}): PostgresDatabase {
  return createPostgresDatabase({
    url: TEST_DATABASE_URL,
    log: options.log ?? captureLog().log,
    connectTimeoutMs: 2000,
    statementTimeoutMs: 2000,
    ...options,
  });
}

/** `testDatabase`, once it is ready (its set-up steps, registered by `register`, have run). */
export async function readyTestDatabase(register: (db: PostgresDatabase) => void = () => undefined, options: Partial<PostgresDatabaseOptions> = {}): Promise<PostgresDatabase> {
  const db = testDatabase(options);
  register(db);
  await waitFor('the test database to be ready', () => db.isReady());
  return db;
}

/**
 * A database of the test's own on the test server (what `CDS_DATABASE_URL` of every replica names), for tests that
 * run the service's own set-up against an empty database; `drop` it in a finally (after its pools ended).
 */
export async function scratchDatabase(prefix: string): Promise<{ readonly name: string; readonly url: string; drop(): Promise<void> }> {
  const name = uniqueTable(prefix);
  const admin = testPool();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const pool = testPool();
      try {
        await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await pool.end();
      }
    },
  };
}
