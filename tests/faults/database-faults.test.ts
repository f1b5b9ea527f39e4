import type pg from 'pg';
import { isValidCdsResponse } from '../../src/cards/validate-response.js';
import { generateSigningKey, type SigningKey } from '../support/ehr-tokens.js';
import { startFreezableProxy, type FreezableProxy } from '../support/freezable-proxy.js';
import { TEST_DATABASE_URL, testPool, uniqueTable, waitFor } from '../support/postgres.js';
import { createPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { logLines, startService, type ServiceProcess } from '../support/service-process.js';
import { startSilentListener, type SilentListener } from '../support/silent-listener.js';
import { productionEnv, readyzStatus, signedHookCall, writeTrustFile, type CallResult } from '../support/signed-calls.js';

// Real service processes (`node dist/main.js`) on a real PostgreSQL, losing it: connections terminated under load
// on two replicas; a database that is down at start-up, comes up, goes down and returns (a private instance: the
// machine's PostgreSQL is never stopped); a database that accepts connections and never answers. While the
// database cannot answer, a signed call gets 503 with an OperationOutcome and /readyz answers 503; nothing else.

const DEADLINE_MS = 1500;
// A shared 2-core CI machine can delay a response past its own timers; this is scheduling slack, not a budget.
const SLACK_MS = 500;
const TEST_TIMEOUT_MS = 30_000;

let key: SigningKey;
let trustFile: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  key = await generateSigningKey('ES384', 'fault-key');
  trustFile = writeTrustFile(key);
});
afterAll(async () => {
  await Promise.all(services.map((service) => service.stop('SIGKILL')));
});

async function replica(databaseUrl: string): Promise<ServiceProcess> {
  const service = await startService({ env: { ...productionEnv(trustFile), CDS_DEADLINE_MS: String(DEADLINE_MS), CDS_DATABASE_URL: databaseUrl } });
  services.push(service);
  return service;
}

/** The URL with connection parameters added (application_name, a search_path of the test's own). */
function withParameters(url: string, parameters: Record<string, string>): string {
  const result = new URL(url);
  for (const [name, value] of Object.entries(parameters)) result.searchParams.set(name, value);
  return result.href;
}

/** A call that the database's absence must not turn into anything but a prompt 503 with an OperationOutcome. */
function expectFailedClosed(result: CallResult): void {
  expect(result.status).toBe(503);
  expect(result.ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  expect(result.contentType).toMatch(/^application\/fhir\+json/);
  expect(result.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] });
}

function expectCards(result: CallResult): void {
  expect(result.status).toBe(200);
  expect(isValidCdsResponse(result.body)).toBe(true);
}

const readyzOf = async (service: ServiceProcess): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`${service.url}/readyz`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('connections terminated with pg_terminate_backend during load on two replicas', () => {
  const schema = uniqueTable('cds_fault');
  const applicationName = uniqueTable('cds_fault_app');
  let admin: pg.Pool;

  beforeAll(async () => {
    admin = testPool();
    // A schema of its own holds the replay table under its default name; other tests never see it.
    await admin.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  test('both replicas stay alive, answer 200 or a prompt 503, and recover to 200', async () => {
    const url = withParameters(TEST_DATABASE_URL, { application_name: applicationName, options: `-c search_path=${schema}` });
    const replicas = await Promise.all([replica(url), replica(url)]);
    await waitFor('both replicas ready', async () => (await Promise.all(replicas.map((r) => readyzStatus(r.url)))).every((s) => s === 200));
    for (const r of replicas) expectCards(await signedHookCall(r.url, key));

    // Bounded load: 3 workers per replica for 2.5 s, while every connection of the replicas is terminated every 100 ms.
    const results: CallResult[] = [];
    const loadEnds = Date.now() + 2500;
    const worker = async (service: ServiceProcess): Promise<void> => {
      while (Date.now() < loadEnds) results.push(await signedHookCall(service.url, key));
    };
    let terminated = 0;
    const killer = async (): Promise<void> => {
      while (Date.now() < loadEnds - 300) {
        const res = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        terminated += res.rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await Promise.all([killer(), ...replicas.flatMap((r) => [worker(r), worker(r), worker(r)])]);

    expect(terminated).toBeGreaterThan(0);
    expect(replicas.map((r) => r.alive())).toEqual([true, true]);
    expect([...new Set(results.map((r) => r.status))].sort()).toEqual(expect.arrayContaining([200]));
    expect(results.filter((r) => r.status !== 200 && r.status !== 503).map((r) => r.status)).toEqual([]);
    expect(results.filter((r) => r.ms >= DEADLINE_MS + SLACK_MS).map((r) => Math.round(r.ms))).toEqual([]);
    for (const failed of results.filter((r) => r.status === 503)) expectFailedClosed(failed);
    // The fault did hit: each replica heard of a lost connection at least once.
    for (const r of replicas) expect(logLines(r).some((line) => line.event === 'database-lost' || line.event === 'database-unavailable')).toBe(true);

    await waitFor('both replicas ready again', async () => (await Promise.all(replicas.map((r) => readyzStatus(r.url)))).every((s) => s === 200));
    const after = await Promise.all(replicas.flatMap((r) => [signedHookCall(r.url, key), signedHookCall(r.url, key), signedHookCall(r.url, key)]));
    for (const result of after) expectCards(result);
    expect(replicas.map((r) => r.alive())).toEqual([true, true]);
  }, TEST_TIMEOUT_MS);
});

describe('the network to PostgreSQL cut without a reset while the replica is ready', () => {
  const schema = uniqueTable('cds_fault_cut');
  let admin: pg.Pool;
  let proxy: FreezableProxy;

  beforeAll(async () => {
    admin = testPool();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startFreezableProxy(target.hostname, Number(target.port || 5432));
  });
  afterAll(async () => {
    await proxy.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  test('a call on a stalled connection answers 503 within the deadline, /readyz turns 503, and both recover', async () => {
    const target = new URL(TEST_DATABASE_URL);
    target.host = `127.0.0.1:${proxy.port}`;
    const service = await replica(withParameters(target.href, { options: `-c search_path=${schema}` }));
    await waitFor('ready through the proxy', async () => (await readyzStatus(service.url)) === 200);
    expectCards(await signedHookCall(service.url, key));

    proxy.freeze();
    // Still ready: this call waits on the stalled connection until the statement bound (a third of the deadline
    // and a little more) cuts it, then fails closed.
    const stalled = await signedHookCall(service.url, key);
    expectFailedClosed(stalled);
    expect(stalled.ms).toBeGreaterThan(DEADLINE_MS / 3 - 50);
    await waitFor('not ready while the network is cut', async () => (await readyzStatus(service.url)) === 503);
    expectFailedClosed(await signedHookCall(service.url, key));

    proxy.thaw();
    await waitFor('ready again once the network is back', async () => (await readyzStatus(service.url)) === 200);
    expectCards(await signedHookCall(service.url, key));
    expect(service.alive()).toBe(true);
  }, TEST_TIMEOUT_MS);
});

describe('a private PostgreSQL: down at start-up, then up, down and back', () => {
  let instance: PrivatePostgres;
  beforeAll(async () => {
    instance = await createPrivatePostgres();
  });
  afterAll(async () => {
    await instance.remove();
  });

  test('the replica starts without it, is ready only while it answers, and fails closed in time meanwhile', async () => {
    const service = await replica(withParameters(instance.url, { application_name: 'cds_fault_private' }));
    expect(await readyzOf(service)).toEqual({
      status: 503,
      body: { resourceType: 'OperationOutcome', id: 'service-unavailable', issue: [{ severity: 'error', code: 'transient', diagnostics: 'Database unreachable' }] },
    });
    expectFailedClosed(await signedHookCall(service.url, key));

    await instance.start();
    await waitFor('ready once PostgreSQL answers', async () => (await readyzStatus(service.url)) === 200);
    expectCards(await signedHookCall(service.url, key));

    await instance.stop();
    await waitFor('not ready once PostgreSQL is gone', async () => (await readyzStatus(service.url)) === 503);
    expectFailedClosed(await signedHookCall(service.url, key));

    await instance.start();
    await waitFor('ready again when PostgreSQL returns', async () => (await readyzStatus(service.url)) === 200);
    expectCards(await signedHookCall(service.url, key));
    expect(service.alive()).toBe(true);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  }, TEST_TIMEOUT_MS);
});

describe('a database address that accepts connections and never answers', () => {
  let silent: SilentListener;
  beforeAll(async () => {
    silent = await startSilentListener();
  });
  afterAll(async () => {
    await silent.close();
  });

  test('calls still answer 503 within the deadline, /readyz answers 503, and SIGTERM still ends it with 0', async () => {
    const service = await replica(`postgres://postgres@127.0.0.1:${silent.port}/cds`);
    const calls = await Promise.all(Array.from({ length: 5 }, () => signedHookCall(service.url, key)));
    for (const call of calls) expectFailedClosed(call);
    expect((await readyzOf(service)).status).toBe(503);
    expect(silent.accepted()).toBeGreaterThan(0);
    expect(service.alive()).toBe(true);
    // Closing the pool waits at most for the probe's connect timeout, not for the 10 s force timer (exit 1).
    const stopping = Date.now();
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(5000);
  });
});
