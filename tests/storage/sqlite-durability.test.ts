import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteDriver } from '../../src/storage/sqlite-driver.js';
import { openSqliteStore } from '../../src/storage/open-store.js';
import { createSqlGovernanceStore } from '../../src/storage/sql-governance-store.js';
import type { SqlDriver } from '../../src/storage/sql-driver.js';

// SQLite's durability per transaction (src/storage/sql-driver.ts `Durability`), read back from the connection
// itself: every transaction commits with synchronous=FULL (2: on disk before it returns, what a feedback 2xx
// promises) unless it asks for `process` (1, NORMAL: the ledger's batches), and FULL is back after such a one,
// also when it failed.

const FULL = 2;
const NORMAL = 1;

describe('SQLite commit durability', () => {
  let dir: string;
  let driver: SqlDriver;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gov-sync-'));
    driver = openSqliteDriver({ file: path.join(dir, 'governance.db') });
  });
  afterEach(async () => {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const level = async (tx: Pick<SqlDriver, 'all'> = driver): Promise<number> => Number((await tx.all('PRAGMA synchronous'))[0]?.synchronous);

  test('a transaction is FULL unless it asks for process durability; FULL is back after one, even a failed one', async () => {
    expect(await level()).toBe(FULL);
    expect(await driver.transaction((tx) => level(tx))).toBe(FULL);
    expect(await driver.transaction((tx) => level(tx), 'disk')).toBe(FULL);
    expect(await driver.transaction((tx) => level(tx), 'process')).toBe(NORMAL);
    expect(await level()).toBe(FULL);
    await expect(driver.transaction(() => Promise.reject(new Error('refused')), 'process')).rejects.toThrow('refused');
    expect(await level()).toBe(FULL);
    expect(await driver.transaction((tx) => level(tx))).toBe(FULL);
  });

  test('transactions taking turns keep their own level: a feedback transaction queued behind a ledger batch commits FULL', async () => {
    const seen = await Promise.all([
      driver.transaction((tx) => level(tx), 'process'),
      driver.transaction((tx) => level(tx)),
      driver.transaction((tx) => level(tx), 'process'),
      driver.transaction((tx) => level(tx), 'disk'),
    ]);
    expect(seen).toEqual([NORMAL, FULL, NORMAL, FULL]);
  });
});

test('the store writes ledger batches at process durability and feedback at FULL', async () => {
  // What each of the store's writes asks of the real driver, seen by watching the transactions it opens.
  const dir = mkdtempSync(path.join(tmpdir(), 'gov-sync-store-'));
  const file = path.join(dir, 'governance.db');
  try {
    const opened = await openSqliteStore(file);
    await opened.close();
    const asked: string[] = [];
    const real = openSqliteDriver({ file });
    const watched: SqlDriver = {
      ...real,
      transaction(work, durability) {
        asked.push(durability ?? 'disk');
        return real.transaction(work, durability);
      },
    };
    const store = createSqlGovernanceStore(watched);
    const card = {
      cardUuid: '01a23213-8950-727c-bd18-0974f8539765',
      suggestionUuids: [],
      serviceId: 'leg-cramps-patient-view',
      hook: 'patient-view',
      topic: 'cramp-vs-rls',
      indicator: 'info' as const,
      hookInstance: 'h',
      issuer: '',
      tenant: '',
      patientHash: 'p',
      conceptHashes: [],
      overrideReasons: ['diagnosis-clarified'],
      suppressed: false,
      sentAt: new Date('2026-11-20T12:00:00Z'),
      knowledgeVersion: '2.4.0',
    };
    await store.writeLedger([card]);
    await store.saveFeedback([{ key: 'k', cardUuid: card.cardUuid, serviceId: card.serviceId, outcome: 'accepted', acceptedSuggestions: [], outcomeAt: card.sentAt, receivedAt: card.sentAt }]);
    expect(asked).toEqual(['process', 'disk']);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
