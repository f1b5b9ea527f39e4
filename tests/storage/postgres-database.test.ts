import type pg from 'pg';
import { DatabaseUnavailableError } from '../../src/storage/database-errors.js';
import type { PostgresDatabase } from '../../src/storage/postgres-database.js';
import { captureLog } from '../support/log-capture.js';
import { readyTestDatabase, testDatabase, testPool, uniqueTable, waitFor } from '../support/postgres.js';
import { startSilentListener, type SilentListener } from '../support/silent-listener.js';

// The resilient database module against the machine's real PostgreSQL. dimensions: set-up steps (fail, then
// succeed) · database unreachable (refused; accepts and never answers) · connections terminated (idle; checked
// out) · a statement slower than its timeout. Each database names its connections uniquely, so terminating them
// touches no other test's.

let admin: pg.Pool;
const opened: PostgresDatabase[] = [];
const track = (db: PostgresDatabase): PostgresDatabase => (opened.push(db), db);

beforeAll(() => {
  admin = testPool();
});
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  await admin.end();
});

const terminate = async (applicationName: string): Promise<number> =>
  (await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rowCount ?? 0;

test('not ready until every set-up step has succeeded; a failing step is retried with backoff', async () => {
  let attempts = 0;
  const db = track(testDatabase({ retry: { initialMs: 20, maxMs: 50 } }));
  db.onAvailable('flaky step', async () => {
    attempts += 1;
    if (attempts < 3) throw new Error('not yet');
  });
  expect(db.isReady()).toBe(false);
  await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  await waitFor('the step to succeed', () => db.isReady());
  expect(attempts).toBe(3);
  expect((await db.query<{ n: number }>('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
});

test('a step registered while ready makes the database not ready until it has run', async () => {
  const db = track(await readyTestDatabase());
  const table = uniqueTable('setup_step');
  db.onAvailable('create table', async (pool) => {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (id int)`);
  });
  expect(db.isReady()).toBe(false);
  await waitFor('the new step', () => db.isReady());
  try {
    expect((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 0 }]);
  } finally {
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
  }
});

test('an unreachable database: not ready, and queries fail at once with DatabaseUnavailableError', async () => {
  const { log, text } = captureLog();
  const db = track(testDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', log, connectTimeoutMs: 200 }));
  await waitFor('a failed probe', () => text().includes('"event":"database-unavailable"'));
  const started = Date.now();
  await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'ERR_DATABASE_UNAVAILABLE' });
  expect(Date.now() - started).toBeLessThan(50);
  expect(db.isReady()).toBe(false);
  expect(text()).toContain('"reason":"ECONNREFUSED"');
});

describe('a server that accepts connections and never answers', () => {
  let silent: SilentListener;
  beforeAll(async () => {
    silent = await startSilentListener();
  });
  afterAll(async () => {
    await silent.close();
  });

  test('each probe gives up after the connect timeout, and the database stays not ready', async () => {
    const { log, text } = captureLog();
    const started = Date.now();
    const db = track(testDatabase({ url: `postgres://postgres@127.0.0.1:${silent.port}/none`, log, connectTimeoutMs: 150 }));
    await waitFor('the probe to time out', () => text().includes('"event":"database-unavailable"'), 3000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(silent.accepted()).toBeGreaterThan(0);
    expect(db.isReady()).toBe(false);
  });
});

test('terminated idle connections: the process lives, the loss is logged, and the probe makes it ready again', async () => {
  const name = uniqueTable('cds_idle');
  const { log, text } = captureLog();
  const db = track(await readyTestDatabase(undefined, { applicationName: name, log }));
  await Promise.all([db.query('SELECT 1'), db.query('SELECT 1'), db.query('SELECT 1')]);
  expect(await terminate(name)).toBeGreaterThan(0);
  await waitFor('the loss to be noticed', () => text().includes('"event":"database-lost"'));
  // pg_terminate_backend only signals the backends: one may answer a moment longer and then die, so a query can
  // still fail right after readiness came back; it succeeds once the probe has seen the last of them go.
  await waitFor('a query to succeed again', () => db.query('SELECT 3 AS n').then(() => true, () => false));
  expect(db.isReady()).toBe(true);
});

test('a connection terminated while checked out from the pool does not crash the process', async () => {
  const name = uniqueTable('cds_held');
  const { log, text } = captureLog();
  const db = track(await readyTestDatabase(undefined, { applicationName: name, log }));
  // The only connection (the probe's) is now in our hands: the pool's own error listener is off it.
  const client = await db.pool.connect();
  try {
    expect(await terminate(name)).toBe(1);
    await waitFor('the module to hear of the loss', () => text().includes('"event":"database-lost"'));
  } finally {
    client.release(true);
  }
  await waitFor('a query to succeed again', () => db.query('SELECT 1').then(() => true, () => false));
});

test('a statement slower than the statement timeout is cut, and fails as DatabaseUnavailableError', async () => {
  const db = track(await readyTestDatabase(undefined, { statementTimeoutMs: 200 }));
  const started = Date.now();
  await expect(db.query('SELECT pg_sleep(5)')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  expect(Date.now() - started).toBeLessThan(1000);
  await waitFor('the probe to find the database again', () => db.isReady());
});

test('a statement error that is not about reaching the database is thrown as it is, and readiness stays', async () => {
  const db = track(await readyTestDatabase());
  await expect(db.query('SELECT * FROM no_such_table_anywhere')).rejects.toMatchObject({ code: '42P01' });
  expect(db.isReady()).toBe(true);
});
