import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StorageUnavailableError, type FeedbackRecord, type GovernanceStore, type LedgerEntry } from '../../src/storage/governance-store.js';
import { openSqliteStore } from '../../src/storage/open-store.js';
import { postgresBackend, sqliteBackend, type StoreBackend } from '../support/governance-stores.js';

// One suite, two real databases (SQLite in a temporary file, the machine's PostgreSQL in a schema of its own):
// ledger writes, feedback, idempotency, suppression expiry, retention, migrations from empty and from the
// previous schema version, two replicas migrating at once.

const T0 = new Date('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number): Date => new Date(T0.getTime() + days * DAY);

function entry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    cardUuid: randomUUID(),
    suggestionUuids: [randomUUID()],
    serviceId: 'leg-cramps-patient-view',
    hook: 'patient-view',
    topic: 'workup-labs',
    indicator: 'info',
    hookInstance: randomUUID(),
    issuer: 'https://ehr.example.org',
    tenant: 't1',
    patientHash: 'p-hash-1',
    conceptHashes: ['c1', 'c2'],
    overrideReasons: ['done-elsewhere', 'not-indicated'],
    suppressed: false,
    sentAt: T0,
    knowledgeVersion: '1.1.0',
    ...overrides,
  };
}

function feedbackOf(card: LedgerEntry, overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    key: `k-${card.cardUuid}`,
    cardUuid: card.cardUuid,
    serviceId: card.serviceId,
    outcome: 'overridden',
    acceptedSuggestions: [],
    reason: { system: 'https://example.org/override-reasons', code: 'done-elsewhere' },
    outcomeAt: at(0.01),
    receivedAt: at(0.01),
    ...overrides,
  };
}

describe.each<[string, () => StoreBackend]>([
  ['sqlite', sqliteBackend],
  ['postgres', postgresBackend],
])('governance store on %s', (_name, makeBackend) => {
  const backend = makeBackend();
  let store: GovernanceStore;
  beforeEach(async () => {
    store = (await backend.open()).store;
  });
  afterEach(() => store.close());
  afterAll(() => backend.cleanup());

  test('a ledger batch is written and read back field for field; a repeated card uuid is ignored', async () => {
    const cards = [entry(), entry({ topic: 'cramp-vs-rls', suggestionUuids: [], suppressed: true }), entry({ indicator: 'warning' })];
    await store.writeLedger(cards);
    await store.writeLedger([cards[0] as LedgerEntry]);
    for (const card of cards) expect(await store.findCard(card.cardUuid)).toEqual(card);
    expect(await store.findCard(randomUUID())).toBeUndefined();
    expect((await store.reportRows(at(-1), at(1))).map((r) => r.cardUuid).sort()).toEqual(cards.map((c) => c.cardUuid).sort());
  });

  test('feedback with the same key is stored once, with its comment once and its suppression once', async () => {
    const card = entry();
    await store.writeLedger([card]);
    const suppression = { patientHash: card.patientHash, serviceId: card.serviceId, topic: card.topic, conceptHashes: ['c1'], createdAt: at(0.01), until: at(30) };
    const record = feedbackOf(card, { comment: 'free text', suppression });
    expect(await store.saveFeedback([record])).toBe(1);
    expect(await store.saveFeedback([record])).toBe(0);
    const rows = await store.reportRows(at(-1), at(1));
    expect(rows.map((r) => [r.cardUuid, r.outcome, r.reasonCode])).toEqual([[card.cardUuid, 'overridden', 'done-elsewhere']]);
    expect((await store.comments(at(-1), at(1))).map((c) => [c.cardUuid, c.topic, c.comment])).toEqual([[card.cardUuid, 'workup-labs', 'free text']]);
    expect(await store.activeSuppressions(card.patientHash, card.serviceId, at(1))).toHaveLength(1);
  });

  test('a suppression is active until its end, for that patient and service only', async () => {
    const card = entry();
    await store.writeLedger([card]);
    const suppression = { patientHash: 'p-hash-1', serviceId: card.serviceId, topic: 'workup-labs', conceptHashes: ['c1', 'c2'], createdAt: at(0), until: at(30) };
    await store.saveFeedback([feedbackOf(card, { suppression })]);
    expect(await store.activeSuppressions('p-hash-1', card.serviceId, at(29.9))).toEqual([suppression]);
    expect(await store.activeSuppressions('p-hash-1', card.serviceId, at(30))).toEqual([]);
    expect(await store.activeSuppressions('p-hash-2', card.serviceId, at(1))).toEqual([]);
    expect(await store.activeSuppressions('p-hash-1', 'leg-cramps-order-sign', at(1))).toEqual([]);
  });

  test('retention deletes ledger and feedback past their period, comments past their shorter one, ended suppressions', async () => {
    const old = entry({ sentAt: at(-401) });
    const recent = entry({ sentAt: at(-100) });
    await store.writeLedger([old, recent]);
    const ended = { patientHash: 'p', serviceId: old.serviceId, topic: old.topic, conceptHashes: [], createdAt: at(-401), until: at(-371) };
    await store.saveFeedback([
      feedbackOf(old, { receivedAt: at(-401), outcomeAt: at(-401), comment: 'old', suppression: ended }),
      feedbackOf(recent, { receivedAt: at(-100), outcomeAt: at(-100), comment: 'recent' }),
    ]);
    const result = await store.deleteExpired({ recordsBefore: at(-400), commentsBefore: at(-90), now: at(0) });
    expect(result).toEqual({ ledger: 1, feedback: 1, comments: 2, suppressions: 1 });
    expect(await store.findCard(old.cardUuid)).toBeUndefined();
    expect((await store.reportRows(at(-500), at(1))).map((r) => [r.cardUuid, r.outcome])).toEqual([[recent.cardUuid, 'overridden']]);
    expect(await store.comments(at(-500), at(1))).toEqual([]);
  });

  test('the same feedback saved by two replicas at once is stored once, with one comment and one suppression', async () => {
    const { store: other, place } = await backend.open();
    const { store: replica } = await backend.open({ place });
    try {
      const card = entry();
      await other.writeLedger([card]);
      const suppression = { patientHash: card.patientHash, serviceId: card.serviceId, topic: card.topic, conceptHashes: ['c1'], createdAt: at(0), until: at(30) };
      const record = feedbackOf(card, { comment: 'once', suppression });
      const stored = await Promise.all([other.saveFeedback([record]), replica.saveFeedback([record]), other.saveFeedback([record])]);
      expect(stored.reduce((a, b) => a + b, 0)).toBe(1);
      expect((await replica.reportRows(at(-1), at(1))).map((r) => r.outcome)).toEqual(['overridden']);
      expect((await replica.comments(at(-1), at(1))).map((c) => c.comment)).toEqual(['once']);
      expect(await replica.activeSuppressions(card.patientHash, card.serviceId, at(1))).toHaveLength(1);
    } finally {
      await other.close();
      await replica.close();
    }
  });

  test('comments have their own, shorter retention: a comment past it goes, its feedback and a younger comment stay', async () => {
    const card = entry({ sentAt: at(-95) });
    const young = entry({ sentAt: at(-10) });
    await store.writeLedger([card, young]);
    await store.saveFeedback([
      feedbackOf(card, { receivedAt: at(-91), outcomeAt: at(-91), comment: 'past its 90 days' }),
      feedbackOf(young, { receivedAt: at(-10), outcomeAt: at(-10), comment: 'recent enough' }),
    ]);
    expect(await store.deleteExpired({ recordsBefore: at(-400), commentsBefore: at(-90), now: at(0) })).toEqual({ ledger: 0, feedback: 0, comments: 1, suppressions: 0 });
    expect((await store.comments(at(-500), at(1))).map((c) => c.comment)).toEqual(['recent enough']);
    expect((await store.reportRows(at(-500), at(1))).map((r) => [r.cardUuid, r.outcome]).sort()).toEqual([[card.cardUuid, 'overridden'], [young.cardUuid, 'overridden']].sort());
  });

  test('migrating from empty reaches the latest schema version', async () => {
    expect(await store.schemaVersion()).toBe(3);
  });

  test('migrating from schema version 1 keeps its ledger and adds suppressions', async () => {
    const { store: v1, place } = await backend.open({ upTo: 1 });
    expect(await v1.schemaVersion()).toBe(1);
    const card = entry();
    await v1.writeLedger([card]);
    await v1.close();
    const { store: v2 } = await backend.open({ place });
    try {
      expect(await v2.schemaVersion()).toBe(3);
      expect(await v2.findCard(card.cardUuid)).toEqual(card);
      const suppression = { patientHash: card.patientHash, serviceId: card.serviceId, topic: card.topic, conceptHashes: [], createdAt: at(0), until: at(30) };
      await v2.saveFeedback([feedbackOf(card, { suppression })]);
      expect(await v2.activeSuppressions(card.patientHash, card.serviceId, at(1))).toHaveLength(1);
    } finally {
      await v2.close();
    }
  });

  test('migrating from the previous schema version (2) keeps its suppressions, which the armed-since read then finds', async () => {
    const { store: v2, place } = await backend.open({ upTo: 2 });
    expect(await v2.schemaVersion()).toBe(2);
    const card = entry();
    await v2.writeLedger([card]);
    const suppression = { patientHash: card.patientHash, serviceId: card.serviceId, topic: card.topic, conceptHashes: ['c1'], createdAt: at(0), until: at(30) };
    await v2.saveFeedback([feedbackOf(card, { suppression })]);
    await v2.close();
    const { store: v3 } = await backend.open({ place });
    try {
      expect(await v3.schemaVersion()).toBe(3);
      expect(await v3.suppressionsArmedSince(at(0), at(1))).toEqual([{ key: `k-${card.cardUuid}`, suppression }]);
    } finally {
      await v3.close();
    }
  });

  test('suppressions armed since a time, of every patient and service, still active: what the in-memory index reads', async () => {
    const cards = [entry(), entry({ patientHash: 'p-hash-2', serviceId: 'leg-cramps-order-sign' }), entry(), entry()];
    await store.writeLedger(cards);
    const [early, otherPatient, late, ended] = cards.map((card, i) => ({
      key: `k-${card.cardUuid}`,
      suppression: { patientHash: card.patientHash, serviceId: card.serviceId, topic: card.topic, conceptHashes: [`c${i}`], createdAt: at([1, 2, 3, 2][i] ?? 0), until: at(i === 3 ? 4 : 30) },
    }));
    const stored = [early, otherPatient, late, ended].flatMap((s, i) => (s && cards[i] ? [feedbackOf(cards[i], { suppression: s.suppression })] : []));
    await store.saveFeedback(stored);
    const keys = async (since: number, now: number): Promise<string[]> => (await store.suppressionsArmedSince(at(since), at(now))).map((s) => s.key).sort();
    expect(await keys(0, 3.5)).toEqual([early, otherPatient, late, ended].map((s) => s?.key).sort());
    // Armed at or after the time given; ended ones are not read.
    expect(await keys(2, 3.5)).toEqual([otherPatient, late, ended].map((s) => s?.key).sort());
    expect(await keys(2, 4)).toEqual([otherPatient, late].map((s) => s?.key).sort());
    expect(await store.suppressionsArmedSince(at(3), at(4))).toEqual([late]);
  });

  test('two replicas starting at once on an empty database both migrate it once, without error', async () => {
    const { place } = await backend.open({ upTo: 0 });
    const replicas = await Promise.all([backend.open({ place }), backend.open({ place }), backend.open({ place })]);
    try {
      expect(await Promise.all(replicas.map((r) => r.store.schemaVersion()))).toEqual([3, 3, 3]);
      const card = entry();
      await replicas[0]?.store.writeLedger([card]);
      expect(await replicas[1]?.store.findCard(card.cardUuid)).toEqual(card);
    } finally {
      await Promise.all(replicas.map((r) => r.store.close()));
    }
  });
});

describe('SQLite disk faults', () => {
  test('a database that cannot be created stops with a message naming the file', async () => {
    // A folder that is a file: refused even for root (CI runs as root, so file permissions would not stop it).
    const dir = mkdtempSync(path.join(tmpdir(), 'gov-notdir-'));
    writeFileSync(path.join(dir, 'data'), '');
    const file = path.join(dir, 'data', 'governance.db');
    try {
      const failure = openSqliteStore(file);
      await expect(failure).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(failure).rejects.toThrow(`governance database ${file} cannot be opened for writing`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a full disk fails the write with StorageUnavailableError (SQLITE_FULL), not silently', async () => {
    const backend = sqliteBackend();
    const { place, store: first } = await backend.open();
    await first.close();
    // max_page_count makes SQLite answer exactly as it does on a full disk.
    const store = await openSqliteStore(place, { maxPageCount: 40 });
    try {
      const many = Array.from({ length: 2000 }, () => entry());
      const write = store.writeLedger(many);
      await expect(write).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(write).rejects.toThrow(/SQLITE_FULL/);
      expect(await store.reportRows(at(-1), at(1))).toEqual([]);
    } finally {
      await store.close();
      await backend.cleanup();
    }
  });
});
