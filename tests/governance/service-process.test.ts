import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { CdsResponse } from '../../src/cards/card-types.js';
import { isValidCdsResponse } from '../../src/cards/validate-response.js';
import { openSqliteStore } from '../../src/storage/open-store.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceDir } from '../support/governance-app.js';
import { SERVICE } from '../support/hook-requests.js';

// The compiled service as a real process on a real SQLite ledger: a graceful stop writes the ledger queue before
// exit; SIGKILL under a bounded load of hook calls and feedback leaves a database that opens cleanly and holds
// every feedback that was answered 2xx.

const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';

interface Service {
  readonly child: ChildProcess;
  readonly base: string;
  readonly exited: Promise<number | null>;
}

function start(env: NodeJS.ProcessEnv): Promise<Service> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], { env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`service did not start: ${err}`)), 15_000);
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const port = /"msg":"listening".*?"port":(\d+)|"port":(\d+).*?"msg":"listening"/.exec(out);
      if (port) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${port[1] ?? port[2] ?? ''}`, exited });
      }
    });
    void exited.then(() => reject(new Error(`service exited: ${err}`)));
  });
}

const hookBody = (): string => JSON.stringify({ ...(loadRequestFixture('patient-view-cramps-no-labs.json') as object), hookInstance: randomUUID() });

async function hookCall(base: string): Promise<CdsResponse> {
  const res = await fetch(`${base}/cds-services/${PV}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hookBody() });
  const body: unknown = await res.json();
  if (res.status !== 200 || !isValidCdsResponse(body)) throw new Error(`hook call: ${res.status}`);
  return body;
}

test('SIGTERM writes the ledger queue before exit (exit code 0, every card sent is stored)', async () => {
  const place = governanceDir();
  try {
    // A flush interval longer than the test: only the drain on SIGTERM can write the cards.
    const service = await start({ CDS_GOVERNANCE_SQLITE_FILE: place.file, CDS_LEDGER_FLUSH_MS: '10000' });
    const responses = await Promise.all([1, 2, 3].map(() => hookCall(service.base)));
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const store = await openSqliteStore(place.file);
    const stored = (await store.reportRows(new Date(0), new Date(Date.now() + 60_000))).map((r) => r.cardUuid).sort();
    await store.close();
    expect(stored).toEqual(responses.flatMap((r) => r.cards.map((c) => c.uuid)).sort());
  } finally {
    place.remove();
  }
});

test('after SIGKILL under load the database opens cleanly and holds every feedback answered 2xx', async () => {
  const place = governanceDir();
  try {
    const service = await start({ CDS_GOVERNANCE_SQLITE_FILE: place.file, CDS_LEDGER_FLUSH_MS: '100' });
    const acknowledged: { card: string; outcome: string }[] = [];
    let stop = false;
    // Four workers, each a hook call then feedback on its first card, until the kill.
    const worker = async (): Promise<void> => {
      while (!stop) {
        try {
          const { cards } = await hookCall(service.base);
          const card = cards.find((c) => c.source.topic.code === 'cramp-vs-rls');
          if (!card) throw new Error('no card');
          const res = await fetch(`${service.base}/cds-services/${PV}/feedback`, {
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
    service.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await service.exited;
    expect(acknowledged.length).toBeGreaterThan(0);

    // The service starts again on the same file (it opens and migrates it), then the rows are read.
    const again = await start({ CDS_GOVERNANCE_SQLITE_FILE: place.file });
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    const store = await openSqliteStore(place.file);
    const rows = await store.reportRows(new Date(0), new Date(Date.now() + 60_000));
    await store.close();
    const stored = new Set(rows.filter((r) => r.outcome !== undefined).map((r) => `${r.cardUuid} ${r.outcome ?? ''}`));
    expect(acknowledged.filter((a) => !stored.has(`${a.card} ${a.outcome}`))).toEqual([]);
  } finally {
    place.remove();
  }
});
