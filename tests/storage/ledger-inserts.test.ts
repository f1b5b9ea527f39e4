import type { LedgerEntry } from '../../src/storage/governance-store.js';
import { LEDGER_VALUES_PER_ROW, ledgerInserts, ledgerInsertsOfValues, ledgerRowValues } from '../../src/storage/sql-governance-store.js';

// The ledger's INSERTs (src/storage/sql-governance-store.ts): PostgreSQL builds them from the entries, the SQLite
// ledger's worker thread from the row values the event loop posted to it. Both must give the same statements.

const card = (n: number): LedgerEntry => ({
  cardUuid: `01a23213-8950-727c-bd18-${String(n).padStart(12, '0')}`,
  suggestionUuids: [`5b0f0c1e-0000-4000-8000-${String(n).padStart(12, '0')}`, `5b0f0c1e-0000-4000-8001-${String(n).padStart(12, '0')}`],
  serviceId: 'leg-cramps-patient-view',
  hook: 'patient-view',
  topic: 'cramp-drug-culprit',
  indicator: 'warning',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  issuer: 'https://ehr.example',
  tenant: 't1',
  patientHash: 'p'.repeat(64),
  conceptHashes: ['c1', 'c2'],
  overrideReasons: ['already-addressed', 'patient-aware'],
  suppressed: n % 2 === 1,
  sentAt: new Date(Date.UTC(2026, 10, 20, 12, 0, n)),
  knowledgeVersion: '2.6.0',
});

test('row values: the 15 columns of each entry in order, lists as JSON text, suppressed as 0/1, the time as epoch ms', () => {
  const values = ledgerRowValues([card(0), card(1)]);
  expect(values).toHaveLength(2 * LEDGER_VALUES_PER_ROW);
  expect(values.slice(LEDGER_VALUES_PER_ROW)).toEqual([
    '01a23213-8950-727c-bd18-000000000001',
    '["5b0f0c1e-0000-4000-8000-000000000001","5b0f0c1e-0000-4000-8001-000000000001"]',
    'leg-cramps-patient-view',
    'patient-view',
    'cramp-drug-culprit',
    'warning',
    'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    'https://ehr.example',
    't1',
    'p'.repeat(64),
    '["c1","c2"]',
    '["already-addressed","patient-aware"]',
    1,
    Date.UTC(2026, 10, 20, 12, 0, 1),
    '2.6.0',
  ]);
  expect(values[12]).toBe(0);
});

test('450 rows make INSERTs of 200, 200 and 50 rows, each with its own slice of the values and one placeholder group per row', () => {
  const entries = Array.from({ length: 450 }, (_, i) => card(i));
  const values = ledgerRowValues(entries);
  const statements = ledgerInsertsOfValues('gov_ledger', values);
  expect(statements.map((s) => s.params.length / LEDGER_VALUES_PER_ROW)).toEqual([200, 200, 50]);
  expect(statements.flatMap((s) => s.params)).toEqual(values);
  for (const s of statements) {
    expect(s.sql.startsWith('INSERT INTO gov_ledger (card_uuid, suggestion_uuids,')).toBe(true);
    expect(s.sql.endsWith('ON CONFLICT (card_uuid) DO NOTHING')).toBe(true);
    expect(s.sql.match(/\(\?(, \?){14}\)/g)).toHaveLength(s.params.length / LEDGER_VALUES_PER_ROW);
    expect(s.sql.match(/\?/g)).toHaveLength(s.params.length);
  }
  // The same statements as PostgreSQL's path, which builds them from the entries.
  expect(ledgerInserts('gov_ledger', entries)).toEqual(statements);
});

test('the INSERT text is made once per table and row count, and differs between tables', () => {
  const values = ledgerRowValues([card(0), card(1), card(2)]);
  const [first] = ledgerInsertsOfValues('gov_ledger', values);
  const [again] = ledgerInsertsOfValues('gov_ledger', ledgerRowValues([card(3), card(4), card(5)]));
  const [other] = ledgerInsertsOfValues('"tenant_a".gov_ledger', values);
  expect(again?.sql).toBe(first?.sql);
  expect(other?.sql.startsWith('INSERT INTO "tenant_a".gov_ledger (')).toBe(true);
  expect(other?.sql).not.toBe(first?.sql);
  expect(ledgerInsertsOfValues('gov_ledger', [])).toEqual([]);
});
