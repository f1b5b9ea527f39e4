import { randomUUID } from 'node:crypto';
import pg from 'pg';

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
