import type pg from 'pg';
import { createPostgresReplayStore, type PostgresReplayStore } from '../../../src/http/auth/postgres-replay-store.js';
import { testPool, uniqueTable } from '../../support/postgres.js';

// Real PostgreSQL. dimensions: first sight · replay before / after expiry · another issuer · concurrent calls ·
// two replicas (two stores, one table)

const ISS = 'https://ehr.example.org';
let now = new Date('2026-11-20T12:00:00Z');
const clock = (): Date => now;
let pool: pg.Pool;
let table: string;
let store: PostgresReplayStore;

beforeAll(async () => {
  pool = testPool();
  table = uniqueTable('replay_test');
  store = createPostgresReplayStore({ pool, now: clock, table });
  await store.init();
});
afterAll(async () => {
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
  const replica = createPostgresReplayStore({ pool, now: clock, table });
  expect(await store.checkAndRemember(ISS, 'jti-shared', inFiveMinutes())).toBe(true);
  expect(await replica.checkAndRemember(ISS, 'jti-shared', inFiveMinutes())).toBe(false);
});

test('a table name that is not a plain identifier is refused', () => {
  expect(() => createPostgresReplayStore({ pool, now: clock, table: 'x; DROP TABLE y' })).toThrow(/not a plain identifier/);
});

test('replicas starting together may all create the table at once', async () => {
  const fresh = uniqueTable('replay_init');
  try {
    await Promise.all(Array.from({ length: 6 }, () => createPostgresReplayStore({ pool, now: clock, table: fresh }).init()));
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${fresh}`)).rows).toEqual([{ n: 0 }]);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${fresh}`);
  }
});
