import { randomUUID } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { openSqliteStore } from '../../src/storage/open-store.js';
import { expectCdsResponse, expectOutcome } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceApp } from '../support/governance-app.js';
import { SERVICE } from '../support/hook-requests.js';
import { waitFor } from '../support/postgres.js';
import { startService } from '../support/service-process.js';
import { TEST_NOW } from '../support/test-app.js';
import { mountTmpfs } from '../support/tmpfs.js';

// Issue 10, "a read-only or full disk stops start-up or answers 503 with a clear message, never silent loss", on
// real disks: a SQLite ledger on a tmpfs of the test's own that fills up while the service runs, and a data folder
// that is read-only before start-up (mounting needs root, as CI has; file modes would not stop root).

const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';
const hookBody = (): Record<string, unknown> => ({ ...(loadRequestFixture('patient-view-cramps-no-labs.json') as object), hookInstance: randomUUID() });

test('a full disk: feedback answers 503 and stores nothing, hook calls answer 503 once the ledger queue is full; with room again nothing was lost', async () => {
  const disk = await mountTmpfs({ sizeKb: 1024 });
  const file = path.join(disk.dir, 'governance.db');
  // Room for two calls' cards (two each) in the queue, not three.
  const { app, governance, logLines } = await governanceApp(file, { CDS_LEDGER_MAX_QUEUED: '3' });
  try {
    disk.fill();
    const first = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(hookBody())).cards;
    const leaning = first.find((c) => c.source.topic.code === 'cramp-vs-rls');
    if (!leaning) throw new Error('fixture lost its cramp-vs-rls card');
    const feedback = { feedback: [{ card: leaning.uuid, outcome: 'overridden', overrideReason: { reason: { system: REASONS, code: 'diagnosis-clarified' } }, outcomeTimestamp: TEST_NOW.toISOString() }] };

    const refusedRes = await request(app).post(`/cds-services/${PV}/feedback`).send(feedback);
    const refused = expectOutcome(refusedRes, 503);
    expect(refused.issue.map((i) => [i.code, i.diagnostics])).toEqual([['transient', 'The governance database cannot be written now; nothing was stored, try again later']]);
    // The answer names no file; the operator's log says which database and why.
    expect(refusedRes.text).not.toContain(disk.dir);
    expect(logLines().find((l) => l.includes('"msg":"governance database unavailable"'))).toContain(`${file} cannot be written (SQLITE_FULL`);
    expect(await governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000))).toEqual([]);

    const second = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(hookBody())).cards;
    const third = expectOutcome(await request(app).post(`/cds-services/${PV}`).send(hookBody()), 503);
    expect(third.issue.map((i) => i.diagnostics)).toEqual(['The governance ledger cannot be written; try again later']);
    expect(governance.feedback.writer.size()).toBe(4);

    disk.unfill();
    await waitFor('the ledger queue to be written once the disk has room', () => governance.feedback.writer.size() === 0);
    expect((await request(app).post(`/cds-services/${PV}/feedback`).send(feedback)).status).toBe(204);
    const rows = await governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000));
    expect(rows.map((r) => r.cardUuid).sort()).toEqual([...first, ...second].map((c) => c.uuid).sort());
    expect(rows.filter((r) => r.outcome !== undefined).map((r) => [r.cardUuid, r.outcome])).toEqual([[leaning.uuid, 'overridden']]);
  } finally {
    await governance.close().catch(() => undefined);
    await disk.remove();
  }
});

describe('start-up on a read-only data folder stops with a message naming the database', () => {
  test('an empty read-only folder (the database cannot be created)', async () => {
    const disk = await mountTmpfs({ sizeKb: 256, readOnly: true });
    const file = path.join(disk.dir, 'governance.db');
    try {
      const failure = startService({ env: { CDS_GOVERNANCE_SQLITE_FILE: file } });
      await expect(failure).rejects.toThrow(`start-up failed: governance database ${file} cannot be opened for writing`);
    } finally {
      await disk.remove();
    }
  });

  test('an existing database on a folder remounted read-only (it opens, but cannot be written)', async () => {
    const disk = await mountTmpfs({ sizeKb: 1024 });
    const file = path.join(disk.dir, 'governance.db');
    try {
      await (await openSqliteStore(file)).close();
      await disk.remountReadOnly();
      const failure = startService({ env: { CDS_GOVERNANCE_SQLITE_FILE: file } });
      await expect(failure).rejects.toThrow(new RegExp(`start-up failed: governance database ${file} cannot be (opened for writing|written \\(SQLITE_READONLY)`));
    } finally {
      await disk.remove();
    }
  });
});
