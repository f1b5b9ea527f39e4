import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/storage/open-store.js';
import type { LedgerEntry } from '../../src/storage/governance-store.js';

// The SQLite store writes ledger batches on a worker thread with its own connection (src/storage/sqlite-ledger.ts),
// so the INSERTs, COMMITs and WAL checkpoints leave the event loop. What must hold: the rows are committed by
// another thread, a batch sent before `close` is in the database when `close` resolves (the SIGTERM drain), and a
// full database is refused as the main connection refuses it (the HTTP side of that: tests/faults/governance-disk).

const card = (n: number): LedgerEntry => ({
  cardUuid: `01a23213-8950-727c-bd18-${String(n).padStart(12, '0')}`,
  suggestionUuids: [`5b0f0c1e-0000-4000-8000-${String(n).padStart(12, '0')}`],
  serviceId: 'leg-cramps-patient-view',
  hook: 'patient-view',
  topic: 'cramp-vs-rls',
  indicator: 'info',
  hookInstance: 'h',
  issuer: '',
  tenant: '',
  patientHash: 'p',
  conceptHashes: ['c1', 'c2'],
  overrideReasons: ['diagnosis-clarified'],
  suppressed: false,
  sentAt: new Date('2026-11-20T12:00:00Z'),
  knowledgeVersion: '2.4.0',
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gov-ledger-worker-'));
  file = path.join(dir, 'governance.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const count = (raw: Database.Database): number => Number((raw.prepare('SELECT COUNT(*) AS n FROM gov_ledger').get() as { n: number }).n);

test('a batch is committed by another thread: its rows appear while this thread never yields', async () => {
  const store = await openSqliteStore(file);
  const raw = new Database(file, { readonly: true });
  try {
    const written = store.writeLedger([card(1), card(2)]);
    // Synchronous polling: no await, so neither this thread's event loop nor its connection can have written them.
    const deadline = Date.now() + 15_000;
    let seen = count(raw);
    while (seen < 2 && Date.now() < deadline) seen = count(raw);
    expect(seen).toBe(2);
    await written;
    // Every column survives the row values the event loop posts to the worker (lists, the flag, the time).
    expect(await store.findCard(card(2).cardUuid)).toEqual(card(2));
  } finally {
    raw.close();
    await store.close();
  }
});

test('close waits for the batches already sent (what the SIGTERM drain relies on), and refuses batches after it', async () => {
  const store = await openSqliteStore(file);
  const written = store.writeLedger(Array.from({ length: 450 }, (_, i) => card(i)));
  await store.close();
  await written;
  const raw = new Database(file, { readonly: true });
  try {
    expect(count(raw)).toBe(450);
  } finally {
    raw.close();
  }
  await expect(store.writeLedger([card(999)])).rejects.toThrow(`governance ledger writer for ${file} is closed`);
});

test('a full database: the worker refuses the batch with the message of the main connection, and takes it once there is room', async () => {
  await (await openSqliteStore(file)).close();
  const raw = new Database(file, { readonly: true });
  const pages = Number(raw.pragma('page_count', { simple: true }));
  raw.close();
  const full = await openSqliteStore(file, { maxPageCount: pages });
  const batch = Array.from({ length: 400 }, (_, i) => card(i));
  try {
    await expect(full.writeLedger(batch)).rejects.toThrow(`governance database ${file} cannot be written (SQLITE_FULL`);
    expect(await full.findCard(card(0).cardUuid)).toBeUndefined();
  } finally {
    await full.close();
  }
  const roomy = await openSqliteStore(file);
  try {
    await roomy.writeLedger(batch);
    expect((await roomy.findCard(card(399).cardUuid))?.cardUuid).toBe(card(399).cardUuid);
  } finally {
    await roomy.close();
  }
});
