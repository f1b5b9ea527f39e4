import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import request from 'supertest';
import { loadConfig } from '../../../src/config.js';
import { createPostgresReplayStore } from '../../../src/http/auth/postgres-replay-store.js';
import { createSecurity } from '../../../src/http/security.js';
import { AUTH_NOW, EHR_ISSUER, generateSigningKey, jwksOf, PUBLIC_BASE, signToken, type SigningKey } from '../../support/ehr-tokens.js';
import { captureLog } from '../../support/log-capture.js';
import type { ReplayStore } from '../../../src/http/auth/replay-store.js';
import type { PostgresDatabase } from '../../../src/storage/postgres-database.js';
import { readyTestDatabase, testPool, uniqueTable } from '../../support/postgres.js';
import { testApp } from '../../support/test-app.js';

// Two replicas of the real app behind one public URL, sharing the PostgreSQL replay store: a token used at one
// replica is a replay at the other. With in-memory stores the same replay would pass, which the last test shows.

let key: SigningKey;
let trustFile: string;
let pool: pg.Pool;
let table: string;
const databases: PostgresDatabase[] = [];

beforeAll(async () => {
  key = await generateSigningKey('ES384', 'replica-key');
  trustFile = join(mkdtempSync(join(tmpdir(), 'replica-trust-')), 'trust.json');
  writeFileSync(trustFile, JSON.stringify({ issuers: [{ iss: EHR_ISSUER, jwks: jwksOf(key), fhirServers: ['https://ehr.example.org/fhir'] }] }));
  pool = testPool();
  table = uniqueTable('replica_replay');
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.close()));
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.end();
});

const env = (): NodeJS.ProcessEnv => ({ NODE_ENV: 'production', CDS_TRUST_FILE: trustFile, CDS_PUBLIC_BASE_URL: PUBLIC_BASE });

async function replica(shared: boolean): Promise<ReturnType<typeof testApp>> {
  const now = (): Date => AUTH_NOW;
  let replayStore: ReplayStore | undefined;
  if (shared) {
    databases.push(await readyTestDatabase((database) => (replayStore = createPostgresReplayStore({ database, now, table }))));
  }
  const options = replayStore ? { now, replayStore } : { now };
  const security = await createSecurity(loadConfig(env()), captureLog().log, options);
  return testApp({ env: env(), policy: security.fhirServerPolicy, guards: security.guards, preGuards: security.preGuards });
}

test('a token replayed to another replica sharing the PostgreSQL store → 401 with an empty body', async () => {
  const [a, b] = await Promise.all([replica(true), replica(true)]);
  const token = await signToken(key, { claims: { aud: `${PUBLIC_BASE}/cds-services` } });
  await request(a.app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
  const replayed = await request(b.app).get('/cds-services').set('Authorization', `Bearer ${token}`);
  expect([replayed.status, replayed.text]).toEqual([401, '']);
});

test('with in-memory stores the same replay to another replica passes (why replicas need the shared store)', async () => {
  const [a, b] = await Promise.all([replica(false), replica(false)]);
  const token = await signToken(key, { claims: { aud: `${PUBLIC_BASE}/cds-services` } });
  await request(a.app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
  await request(b.app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
});
