import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { startRetentionJob } from '../../src/governance/retention.js';
import type { GovernanceStore, LedgerEntry } from '../../src/storage/governance-store.js';
import { openSqliteStore } from '../../src/storage/open-store.js';
import { governanceApp, governanceDir } from '../support/governance-app.js';
import { captureLog } from '../support/log-capture.js';
import { waitFor } from '../support/postgres.js';
import { TEST_NOW } from '../support/test-app.js';

// Issue 10, "ledger and feedback older than a configured period (default 400 days) are deleted by a periodic job":
// the service's own job on a real SQLite ledger with a short interval (CDS_RETENTION_INTERVAL_MS), run again and
// again, stopped by the shutdown step; its timers never keep a process alive (a real process exits with it running).

const DAY_MS = 86_400_000;

const card = (daysAgo: number): LedgerEntry => ({
  cardUuid: randomUUID(), suggestionUuids: [], serviceId: 'leg-cramps-patient-view', hook: 'patient-view', topic: 'workup-labs', indicator: 'info',
  hookInstance: randomUUID(), issuer: '', tenant: '', patientHash: 'p', conceptHashes: [], overrideReasons: ['done-elsewhere'],
  suppressed: false, sentAt: new Date(TEST_NOW.getTime() - daysAgo * DAY_MS), knowledgeVersion: '2.1.0',
});

test('the running service deletes cards past CDS_RETENTION_DAYS on every interval, and keeps the younger ones', async () => {
  const place = governanceDir();
  const { governance } = await governanceApp(place.file, { CDS_RETENTION_INTERVAL_MS: '1000', CDS_RETENTION_DAYS: '100' });
  try {
    const [old, young] = [card(101), card(99)];
    await governance.store.writeLedger([old, young]);
    await waitFor('the first retention run', async () => (await governance.store.findCard(old.cardUuid)) === undefined, 15_000);
    // Not a one-off at start: a card written now that is already too old goes at a later run.
    const later = card(150);
    await governance.store.writeLedger([later]);
    await waitFor('a later retention run', async () => (await governance.store.findCard(later.cardUuid)) === undefined, 15_000);
    expect((await governance.store.findCard(young.cardUuid))?.cardUuid).toBe(young.cardUuid);
  } finally {
    await governance.close();
    place.remove();
  }
});

test('the stopper ends the job: no run after it', async () => {
  const place = governanceDir();
  const store = await openSqliteStore(place.file);
  let runs = 0;
  const counting: GovernanceStore = {
    ...store,
    deleteExpired: (cutoffs) => {
      runs += 1;
      return store.deleteExpired(cutoffs);
    },
  };
  const stop = startRetentionJob(counting, { retentionDays: 400, commentRetentionDays: 90, intervalMs: 200 }, captureLog().log, () => TEST_NOW);
  try {
    await waitFor('three runs', () => runs >= 3, 15_000);
    stop();
    const stopped = runs;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(runs).toBe(stopped);
  } finally {
    stop();
    await store.close();
    place.remove();
  }
});

test('a process whose only timers are the retention job exits by itself (the timers are unref-ed)', async () => {
  const place = governanceDir();
  const script = `
    const { openSqliteStore } = await import('./dist/storage/open-store.js');
    const { startRetentionJob } = await import('./dist/governance/retention.js');
    const store = await openSqliteStore(${JSON.stringify(place.file)});
    const log = { info() {}, warn() {} };
    startRetentionJob(store, { retentionDays: 400, commentRetentionDays: 90, intervalMs: 60000 }, log, () => new Date());
    process.stdout.write('started');
  `;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000, env: { PATH: process.env.PATH } });
    expect(stdout).toBe('started');
  } finally {
    place.remove();
  }
});
