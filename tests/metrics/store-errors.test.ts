import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { createMemoryReplayStore, type ReplayStore } from '../../src/http/auth/replay-store.js';
import { metricsRegistry } from '../../src/metrics/registry.js';
import { DatabaseUnavailableError } from '../../src/storage/database-errors.js';
import { StorageUnavailableError } from '../../src/storage/governance-store.js';
import { openSqliteDriver } from '../../src/storage/sqlite-driver.js';
import { discoveryBehindAuth } from '../support/discovery-behind-auth.js';
import { AUTH_NOW, DISCOVERY_URL, generateSigningKey, signToken, type SigningKey } from '../support/ehr-tokens.js';
import { expectOutcome } from '../support/expect-response.js';
import { resetMetrics, sampleLine, samplesOf } from '../support/metrics-scrape.js';
import { testDatabase, waitFor } from '../support/postgres.js';
import { freePort } from '../support/private-postgres.js';

// The error counters of /metrics, each driven by the real failure: the shared PostgreSQL database unreachable (a
// port nothing listens on) or refusing a statement (the machine's PostgreSQL), the governance SQLite file full
// (max_page_count, as a full disk answers), and the JWT replay store unreachable, broken or full.
// dimensions: database (shared, governance) · kind (unavailable, statement) · replay store (unavailable, error, full)

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey('ES384', 'store-errors');
});
beforeEach(resetMetrics);

const scrapeRegistry = (): Promise<string> => metricsRegistry.metrics();

describe('cds_database_errors_total', () => {
  test('the shared database unreachable: each refused statement is an unavailable error', async () => {
    const database = testDatabase({ url: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`, connectTimeoutMs: 200 });
    try {
      await expect(database.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(database.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await database.close();
    }
    expect(samplesOf(await scrapeRegistry(), 'cds_database_errors_total')).toEqual([sampleLine('cds_database_errors_total', { database: 'shared', kind: 'unavailable' }, 2)]);
  });

  test('the shared database answering with an error: a statement error', async () => {
    const database = testDatabase();
    try {
      await waitFor('the test database', () => database.isReady());
      await expect(database.query('SELECT * FROM no_such_table_of_the_metrics_test')).rejects.toThrow(/does not exist/);
    } finally {
      await database.close();
    }
    expect(samplesOf(await scrapeRegistry(), 'cds_database_errors_total')).toEqual([sampleLine('cds_database_errors_total', { database: 'shared', kind: 'statement' }, 1)]);
  });

  test('the governance SQLite file full: an unavailable error of the governance database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'metrics-sqlite-'));
    const driver = openSqliteDriver({ file: path.join(dir, 'governance.db'), maxPageCount: 20 });
    try {
      await driver.exec('CREATE TABLE filler (blob TEXT NOT NULL)');
      let failure: unknown;
      for (let i = 0; i < 200 && failure === undefined; i += 1) await driver.run('INSERT INTO filler (blob) VALUES (?)', ['x'.repeat(4000)]).catch((err: unknown) => (failure = err));
      expect(failure).toBeInstanceOf(StorageUnavailableError);
    } finally {
      await driver.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(samplesOf(await scrapeRegistry(), 'cds_database_errors_total')).toEqual([sampleLine('cds_database_errors_total', { database: 'governance', kind: 'unavailable' }, 1)]);
  });
});

describe('cds_replay_store_errors_total', () => {
  const app = (store: ReplayStore): express.Express => discoveryBehindAuth(key, store).app;
  const call = async (server: express.Express): Promise<request.Response> =>
    request(server).get('/cds-services').set('Authorization', `Bearer ${await signToken(key, { claims: { aud: DISCOVERY_URL } })}`);

  test('unreachable (503), broken (401) and full (401): one error each by reason, and the JWT outcome', async () => {
    expectOutcome(await call(app({ checkAndRemember: () => Promise.reject(new DatabaseUnavailableError()) })), 503);
    expect((await call(app({ checkAndRemember: () => Promise.reject(new Error('permission denied for table cds_jwt_replay')) }))).status).toBe(401);
    const full = app(createMemoryReplayStore({ now: () => AUTH_NOW, capacity: 1 }));
    expect((await call(full)).status).toBe(200);
    expect((await call(full)).status).toBe(401);

    const text = await scrapeRegistry();
    expect(samplesOf(text, 'cds_replay_store_errors_total').sort()).toEqual(
      [
        sampleLine('cds_replay_store_errors_total', { reason: 'unavailable' }, 1),
        sampleLine('cds_replay_store_errors_total', { reason: 'error' }, 1),
        sampleLine('cds_replay_store_errors_total', { reason: 'full' }, 1),
      ].sort(),
    );
    expect(samplesOf(text, 'cds_jwt_outcomes_total').sort()).toEqual(
      [
        sampleLine('cds_jwt_outcomes_total', { outcome: 'unavailable', reason: 'replay-store-unavailable' }, 1),
        sampleLine('cds_jwt_outcomes_total', { outcome: 'refused', reason: 'replay-store-error' }, 1),
        sampleLine('cds_jwt_outcomes_total', { outcome: 'accepted', reason: 'none' }, 1),
        sampleLine('cds_jwt_outcomes_total', { outcome: 'refused', reason: 'replay-store-full' }, 1),
      ].sort(),
    );
  });
});
