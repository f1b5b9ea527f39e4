import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CdsResponse } from '../../src/cards/card-types.js';
import { isValidCdsResponse } from '../../src/cards/validate-response.js';
import type { GovernanceStore, ReportRow } from '../../src/storage/governance-store.js';
import { openSqliteStore, postgresStore } from '../../src/storage/open-store.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceDir } from '../support/governance-app.js';
import { SERVICE } from '../support/hook-requests.js';
import { scratchDatabase, waitFor } from '../support/postgres.js';
import { startService } from '../support/service-process.js';
import { readyzStatus } from '../support/signed-calls.js';

// The compiled service as a real process on a real database (a SQLite file, or a PostgreSQL database of the
// test's own that the service migrates itself): a graceful stop writes the ledger queue before exit; SIGKILL under
// a bounded load of hook calls and feedback leaves a database that opens cleanly and holds every feedback that was
// answered 2xx.

const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';

const hookBody = (): string => JSON.stringify({ ...(loadRequestFixture('patient-view-cramps-no-labs.json') as object), hookInstance: randomUUID() });

async function hookCall(base: string): Promise<CdsResponse> {
  const res = await fetch(`${base}/cds-services/${PV}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hookBody() });
  const body: unknown = await res.json();
  if (res.status !== 200 || !isValidCdsResponse(body)) throw new Error(`hook call: ${res.status}`);
  return body;
}

/** Where a service process keeps its governance, and how the test reads it back afterwards. */
interface Backend {
  readonly env: NodeJS.ProcessEnv;
  /** The stored rows of every card, read through a store of the test's own. */
  rows(): Promise<readonly ReportRow[]>;
  remove(): Promise<void>;
}

async function readAll(store: GovernanceStore): Promise<readonly ReportRow[]> {
  try {
    return await store.reportRows(new Date(0), new Date(Date.now() + 60_000));
  } finally {
    await store.close();
  }
}

function sqliteBackend(): Backend {
  const place = governanceDir();
  return {
    env: { CDS_GOVERNANCE_SQLITE_FILE: place.file },
    rows: async () => readAll(await openSqliteStore(place.file)),
    remove: () => Promise.resolve(place.remove()),
  };
}

async function postgresBackend(): Promise<Backend> {
  const scratch = await scratchDatabase('gov_crash');
  const place = governanceDir();
  return {
    // The generated patient-hash key of development mode is kept beside the (unused) SQLite file.
    env: { CDS_DATABASE_URL: scratch.url, CDS_GOVERNANCE_SQLITE_FILE: place.file },
    async rows() {
      const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
      try {
        return await readAll(postgresStore(pool).store);
      } finally {
        await pool.end();
      }
    },
    async remove() {
      await scratch.drop();
      place.remove();
    },
  };
}

const backends: readonly [string, () => Promise<Backend>][] = [
  ['SQLite', () => Promise.resolve(sqliteBackend())],
  ['PostgreSQL', postgresBackend],
];

/** Starts the service on `backend` and waits until it is ready (PostgreSQL: migrated). */
async function serve(backend: Backend, env: NodeJS.ProcessEnv = {}) {
  const service = await startService({ env: { ...backend.env, ...env } });
  await waitFor('the service to be ready', async () => (await readyzStatus(service.url)) === 200);
  return service;
}

describe.each(backends)('on %s', (_name, makeBackend) => {
  test('SIGTERM writes the ledger queue before exit (exit code 0, every card sent is stored)', async () => {
    const backend = await makeBackend();
    try {
      // A flush interval longer than the test: only the drain on SIGTERM can write the cards.
      const service = await serve(backend, { CDS_LEDGER_FLUSH_MS: '10000', CDS_DRAIN_MS: '0' });
      const responses = await Promise.all([1, 2, 3].map(() => hookCall(service.url)));
      expect(await service.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const stored = (await backend.rows()).map((r) => r.cardUuid).sort();
      expect(stored).toEqual(responses.flatMap((r) => r.cards.map((c) => c.uuid)).sort());
    } finally {
      await backend.remove();
    }
  });

  test('after SIGKILL under load the database opens cleanly and holds every feedback answered 2xx', async () => {
    const backend = await makeBackend();
    try {
      const service = await serve(backend, { CDS_LEDGER_FLUSH_MS: '100' });
      const acknowledged: { card: string; outcome: string }[] = [];
      let stop = false;
      // Four workers, each a hook call then feedback on its first card, until the kill: a bounded load.
      const worker = async (): Promise<void> => {
        while (!stop) {
          try {
            const { cards } = await hookCall(service.url);
            const card = cards.find((c) => c.source.topic.code === 'cramp-vs-rls');
            if (!card) throw new Error('no card');
            const res = await fetch(`${service.url}/cds-services/${PV}/feedback`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ feedback: [{ card: card.uuid, outcome: 'overridden', overrideReason: { reason: { system: REASONS, code: 'diagnosis-clarified' } }, outcomeTimestamp: new Date().toISOString() }] }),
            });
            if (res.status === 204) acknowledged.push({ card: card.uuid, outcome: 'overridden' });
          } catch {
            return; // the connection died with the process
          }
        }
      };
      const workers = [1, 2, 3, 4].map(() => worker());
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await service.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      stop = true;
      await Promise.all(workers);
      expect(acknowledged.length).toBeGreaterThan(0);

      // The service starts again on the same database (opens it, migrations find nothing to do), then the rows are read.
      const again = await serve(backend);
      expect((await again.stop('SIGTERM')).code).toBe(0);
      const stored = new Set((await backend.rows()).filter((r) => r.outcome !== undefined).map((r) => `${r.cardUuid} ${r.outcome ?? ''}`));
      expect(acknowledged.filter((a) => !stored.has(`${a.card} ${a.outcome}`))).toEqual([]);
    } finally {
      await backend.remove();
    }
  });
});
