import { randomUUID } from 'node:crypto';
import { StorageUnavailableError, type FeedbackRecord, type GovernanceStore, type LedgerEntry, type Suppression } from '../../src/storage/governance-store.js';
import { createSuppressionIndex, type SuppressionIndex } from '../../src/governance/suppression-index.js';
import { postgresBackend, sqliteBackend, type StoreBackend } from '../support/governance-stores.js';
import { captureLog } from '../support/log-capture.js';

// The in-memory suppression index of each replica, on both real databases, two replicas (two stores) on one
// database: loaded in full at start, told at once of a suppression stored through its own replica, and reading the
// ones another replica armed when it refreshes. Refreshes are called explicitly here (the timer is set past the
// test), so nothing depends on timing.

const T0 = new Date('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number): Date => new Date(T0.getTime() + days * DAY);
const SERVICE = 'leg-cramps-patient-view';

function card(patientHash: string): LedgerEntry {
  return {
    cardUuid: randomUUID(),
    suggestionUuids: [],
    serviceId: SERVICE,
    hook: 'patient-view',
    topic: 'cramp-drug-culprit',
    indicator: 'info',
    hookInstance: randomUUID(),
    issuer: '',
    tenant: '',
    patientHash,
    conceptHashes: ['c-simvastatin'],
    overrideReasons: ['cramps-predate-drug'],
    suppressed: false,
    sentAt: T0,
    knowledgeVersion: '2.4.0',
  };
}

/** Writes a card and an override of it that arms a suppression from `from` for `days`, through `store`. */
async function armed(store: GovernanceStore, patientHash: string, from: Date, days = 30): Promise<{ key: string; suppression: Suppression; record: FeedbackRecord }> {
  const sent = card(patientHash);
  await store.writeLedger([sent]);
  const suppression: Suppression = { patientHash, serviceId: SERVICE, topic: sent.topic, conceptHashes: sent.conceptHashes, createdAt: from, until: new Date(from.getTime() + days * DAY) };
  const record: FeedbackRecord = {
    key: `k-${sent.cardUuid}`,
    cardUuid: sent.cardUuid,
    serviceId: SERVICE,
    outcome: 'overridden',
    acceptedSuggestions: [],
    reason: { system: 'https://example.org/reasons', code: 'cramps-predate-drug' },
    outcomeAt: from,
    receivedAt: from,
    suppression,
  };
  expect(await store.saveFeedback([record])).toBe(1);
  return { key: record.key, suppression, record };
}

describe.each<[string, () => StoreBackend]>([
  ['sqlite', sqliteBackend],
  ['postgres', postgresBackend],
])('suppression index on %s', (_name, makeBackend) => {
  const backend = makeBackend();
  afterAll(() => backend.cleanup());

  test('loaded at start; sees its own replica at once and another replica on its next refresh; ended ones drop out', async () => {
    const { store: a, place } = await backend.open();
    const { store: b } = await backend.open({ place });
    let clock = at(1);
    const indexes: SuppressionIndex[] = [];
    const indexOn = (store: GovernanceStore): SuppressionIndex => {
      const index = createSuppressionIndex({ store, log: captureLog().log, now: () => clock, refreshMs: 3_600_000 });
      indexes.push(index);
      return index;
    };
    try {
      const before = await armed(a, 'p-before', at(0));
      const index = indexOn(a);
      // Not loaded yet: the caller asks the store.
      expect(index.active('p-before', SERVICE, clock)).toBeUndefined();
      expect(await index.refresh()).toBe(true);
      expect(index.active('p-before', SERVICE, clock)).toEqual([before.suppression]);
      expect(index.active('p-before', 'leg-cramps-order-sign', clock)).toEqual([]);
      expect(index.active('p-other', SERVICE, clock)).toEqual([]);

      // Stored through this replica: told at once (feedback.ts adds it before answering).
      const own = await armed(a, 'p-own', at(1));
      index.add([{ key: own.key, suppression: own.suppression }]);
      expect(index.active('p-own', SERVICE, clock)).toEqual([own.suppression]);

      // Stored through the other replica: seen on the next refresh, not before.
      clock = at(1.5);
      const elsewhere = await armed(b, 'p-elsewhere', at(1.5));
      expect(index.active('p-elsewhere', SERVICE, clock)).toEqual([]);
      expect(await index.refresh()).toBe(true);
      expect(index.active('p-elsewhere', SERVICE, clock)).toEqual([elsewhere.suppression]);
      expect(index.size()).toBe(3);

      // A suppression past its end holds nothing back.
      clock = at(30.5);
      expect(index.active('p-before', SERVICE, clock)).toEqual([]);
      expect(index.active('p-own', SERVICE, clock)).toEqual([own.suppression]);
    } finally {
      for (const index of indexes) index.stop();
      await a.close();
      await b.close();
    }
  });

  test('a repeated feedback keeps the suppression first stored; a refresh that fails keeps what the index held', async () => {
    const { store } = await backend.open();
    // The database going away under the index: its reads fail as the drivers fail them.
    let down = false;
    const flaky: GovernanceStore = {
      ...store,
      suppressionsArmedSince: (since, now) => (down ? Promise.reject(new StorageUnavailableError('governance database cannot be reached')) : store.suppressionsArmedSince(since, now)),
    };
    const index = createSuppressionIndex({ store: flaky, log: captureLog().log, now: () => at(2), refreshMs: 3_600_000 });
    try {
      await index.refresh();
      const first = await armed(store, 'p-repeat', at(1));
      index.add([{ key: first.key, suppression: first.suppression }]);
      // The same feedback again a day later: the store keeps the first (0 stored); the index too.
      const again = { ...first.suppression, createdAt: at(2), until: at(32) };
      expect(await store.saveFeedback([{ ...first.record, suppression: again }])).toBe(0);
      index.add([{ key: first.key, suppression: again }]);
      expect(index.active('p-repeat', SERVICE, at(2))).toEqual([first.suppression]);
      expect(await index.refresh()).toBe(true);
      expect(index.active('p-repeat', SERVICE, at(2))).toEqual([first.suppression]);

      down = true;
      expect(await index.refresh()).toBe(false);
      expect(index.active('p-repeat', SERVICE, at(2))).toEqual([first.suppression]);
    } finally {
      index.stop();
      await store.close();
    }
  });
});
