import type pg from 'pg';
import { createPostgresReplayStore, createReplayTable } from '../../../src/http/auth/postgres-replay-store.js';
import type { ReplayStore } from '../../../src/http/auth/replay-store.js';
import { DatabaseUnavailableError } from '../../../src/storage/database-errors.js';
import type { PostgresDatabase } from '../../../src/storage/postgres-database.js';
import { readyTestDatabase, testDatabase, testPool, uniqueTable } from '../../support/postgres.js';

// Real PostgreSQL. dimensions: first sight · replay before / after expiry · another issuer · concurrent calls ·
// two replicas (two stores, one table) · database unreachable

const ISS = 'https://ehr.example.org';
let now = new Date('2026-11-20T12:00:00Z');
const clock = (): Date => now;
let pool: pg.Pool;
let database: PostgresDatabase;
let table: string;
let store: ReplayStore;

beforeAll(async () => {
  pool = testPool();
  table = uniqueTable('replay_test');
  // The store registers its table as a set-up step: the database is ready once the table exists.
  database = await readyTestDatabase((db) => {
    store = createPostgresReplayStore({ database: db, now: clock, table });
  });
});
afterAll(async () => {
  await database.close();
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.end();
});

const inFiveMinutes = (): number => now.getTime() + 300_000;

test('a jti seen for the first time is remembered, and the same jti again is a replay', async () => {
  expect(await store.checkAndRemember(ISS, 'jti-1', inFiveMinutes())).toBe(true);
  expect(await store.checkAndRemember(ISS, 'jti-1', inFiveMinutes())).toBe(false);
});

test('the same jti from another issuer is not a replay', async () => {
  expect(await store.checkAndRemember(ISS, 'jti-2', inFiveMinutes())).toBe(true);
  expect(await store.checkAndRemember('https://other.example.org', 'jti-2', inFiveMinutes())).toBe(true);
});

test('after the token has expired its jti may be seen again', async () => {
  const expiresAt = inFiveMinutes();
  expect(await store.checkAndRemember(ISS, 'jti-3', expiresAt)).toBe(true);
  now = new Date(expiresAt + 1);
  expect(await store.checkAndRemember(ISS, 'jti-3', inFiveMinutes())).toBe(true);
  expect(await store.checkAndRemember(ISS, 'jti-3', inFiveMinutes())).toBe(false);
});

test('of twenty concurrent calls with one jti, exactly one is fresh', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => store.checkAndRemember(ISS, 'jti-race', inFiveMinutes())));
  expect(results.filter((fresh) => fresh)).toHaveLength(1);
});

test('two replicas sharing the table see each other’s tokens', async () => {
  let replica: ReplayStore | undefined;
  const other = await readyTestDatabase((db) => {
    replica = createPostgresReplayStore({ database: db, now: clock, table });
  });
  try {
    expect(await store.checkAndRemember(ISS, 'jti-shared', inFiveMinutes())).toBe(true);
    expect(await replica?.checkAndRemember(ISS, 'jti-shared', inFiveMinutes())).toBe(false);
  } finally {
    await other.close();
  }
});

test('while the database is not ready a check throws DatabaseUnavailableError and remembers nothing', async () => {
  const down = testDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', connectTimeoutMs: 200 });
  const unreachable = createPostgresReplayStore({ database: down, now: clock, table });
  try {
    await expect(unreachable.checkAndRemember(ISS, 'jti-down', inFiveMinutes())).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(await store.checkAndRemember(ISS, 'jti-down', inFiveMinutes())).toBe(true);
  } finally {
    await down.close();
  }
});

test('a table name that is not a plain identifier is refused', () => {
  expect(() => createPostgresReplayStore({ database, now: clock, table: 'x; DROP TABLE y' })).toThrow(/not a plain identifier/);
});

test('replicas starting together may all create the table at once', async () => {
  const fresh = uniqueTable('replay_init');
  try {
    await Promise.all(Array.from({ length: 6 }, () => createReplayTable(pool, fresh)));
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${fresh}`)).rows).toEqual([{ n: 0 }]);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${fresh}`);
  }
});
