import { randomUUID } from 'node:crypto';
import { createHookGovernance, type HookCall } from '../../src/governance/hook-governance.js';
import { createLedgerWriter } from '../../src/governance/ledger-writer.js';
import { createHasher } from '../../src/governance/patient-hash.js';
import { armsSuppression, suppressible } from '../../src/governance/suppression.js';
import { KnowledgeError } from '../../src/knowledge/knowledge-error.js';
import { TOPIC_CODES, type CardTemplate, type Knowledge } from '../../src/knowledge/knowledge-types.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Assessment } from '../../src/rules/rule-types.js';
import { openSqliteStore } from '../../src/storage/open-store.js';
import { governanceDir } from '../support/governance-app.js';
import { copyKnowledgeDir, removeKnowledgeDir, setJsonField } from '../support/knowledge-dir.js';
import { captureLog } from '../support/log-capture.js';
import { realKnowledge, TEST_NOW } from '../support/test-app.js';

// Issue 10, what suppression may hold back, from the knowledge data: a critical card never, a topic that forbids
// suppression (a warning about an order being signed) never, and every info card offers a reason that suppresses.
// The loader refuses knowledge that breaks one of these, and the hook path holds back no critical card even if a
// suppression for it exists.

const knowledge = realKnowledge();
const cards = (): [string, CardTemplate][] => TOPIC_CODES.map((t) => [t, knowledge.cards[t]]);
const indicatorsOf = (card: CardTemplate): string[] => [card.indicator, ...Object.values(card.variantIndicators ?? {})];

describe('the shipped knowledge', () => {
  test('the order warnings forbid suppression, and only they', () => {
    const forbidding = cards().filter(([, card]) => !card.suppression.allowed).map(([topic]) => topic).sort();
    expect(forbidding).toEqual(['dopaminergic-for-cramps', 'psg-not-indicated', 'quinine-for-cramps']);
    for (const topic of forbidding) expect(knowledge.cards[topic as 'quinine-for-cramps'].indicator).toBe('warning');
  });

  test.each(cards())('%s: no reason of a forbidding topic suppresses; an info card offers one that does; no critical card may be suppressed', (_topic, card) => {
    const suppressing = card.overrideReasons.filter((r) => r.suppress).map((r) => r.code);
    if (!card.suppression.allowed) expect(suppressing).toEqual([]);
    if (indicatorsOf(card).includes('info')) expect(suppressing.length).toBeGreaterThan(0);
    if (indicatorsOf(card).includes('critical')) expect(card.suppression.allowed).toBe(false);
    // What the service does with the data: an override arms a suppression only with a `suppress` reason of an allowing topic.
    for (const reason of card.overrideReasons) {
      expect([reason.code, armsSuppression(card, card.indicator, reason.code)]).toEqual([reason.code, card.suppression.allowed && reason.suppress]);
      expect(armsSuppression(card, 'critical', reason.code)).toBe(false);
    }
    expect(suppressible(card, 'critical')).toBe(false);
    expect(armsSuppression(card, card.indicator, 'no-such-reason')).toBe(false);
  });
});

describe('the loader refuses', () => {
  let dir = '';
  beforeEach(() => {
    dir = copyKnowledgeDir({ keepCards: true });
  });
  afterEach(() => removeKnowledgeDir(dir));

  const refusal = (): KnowledgeError => {
    try {
      loadKnowledge(dir);
    } catch (err: unknown) {
      if (err instanceof KnowledgeError) return err;
      throw err;
    }
    throw new Error('the knowledge loaded');
  };

  test('a critical card that may be suppressed', () => {
    setJsonField(dir, 'cards.json', ['workup-labs', 'indicator'], 'critical');
    expect([refusal().field, refusal().message]).toEqual(['workup-labs.suppression.allowed', expect.stringContaining('a critical card is never suppressed')]);
  });

  test('a critical variant of a topic that may be suppressed', () => {
    setJsonField(dir, 'cards.json', ['cramp-vs-rls', 'variantIndicators'], { mixed: 'critical' });
    expect(refusal().field).toBe('cramp-vs-rls.suppression.allowed');
  });

  test('a suppressing reason on a topic that forbids suppression', () => {
    setJsonField(dir, 'cards.json', ['quinine-for-cramps', 'overrideReasons', 0, 'suppress'], true);
    expect([refusal().field, refusal().message]).toEqual(['quinine-for-cramps.overrideReasons', expect.stringContaining('marked suppress but the topic forbids suppression')]);
  });

  test('an info card without a suppressing reason', () => {
    setJsonField(dir, 'cards.json', ['workup-labs', 'overrideReasons', 0, 'suppress'], false);
    setJsonField(dir, 'cards.json', ['workup-labs', 'overrideReasons', 1, 'suppress'], false);
    expect([refusal().field, refusal().message]).toEqual(['workup-labs.overrideReasons', expect.stringContaining('an info card must offer at least one reason marked suppress')]);
  });

  test('a warning topic whose info variant offers no suppressing reason', () => {
    // rls-dopaminergic-augmentation is a warning whose patient-view variant ("current") is info.
    for (const i of [0, 1, 2]) setJsonField(dir, 'cards.json', ['rls-dopaminergic-augmentation', 'overrideReasons', i, 'suppress'], false);
    expect(refusal().field).toBe('rls-dopaminergic-augmentation.overrideReasons');
  });
});

test('the hook path holds back no critical card, even under an active suppression of its topic and concepts', async () => {
  // The loader refuses such knowledge; this is the second line: a topic whose variant turned critical in memory.
  const leaning = knowledge.cards['cramp-vs-rls'];
  const critical: Knowledge = { ...knowledge, cards: { ...knowledge.cards, 'cramp-vs-rls': { ...leaning, variantIndicators: { 'cramp-likely': 'critical' } } } };
  const place = governanceDir();
  const store = await openSqliteStore(place.file);
  const { log } = captureLog();
  const writer = createLedgerWriter({ store, log, flushIntervalMs: 10_000 });
  const hasher = createHasher(Buffer.alloc(32, 7));
  const call: HookCall = { serviceId: 'leg-cramps-patient-view', hook: 'patient-view', hookInstance: randomUUID(), issuer: '', tenant: '', patientId: 'pat-critical' };
  const assessment = (variant: string): Assessment => ({ topic: 'cramp-vs-rls', variant, evidence: [] });
  try {
    for (const [k, variant] of [[critical, 'cramp-likely'], [knowledge, 'cramp-likely'], [critical, 'mixed']] as const) {
      const governance = createHookGovernance({ store, writer, hasher, knowledge: k, log });
      const screened = await governance.screen([assessment(variant)], call, TEST_NOW);
      // Arm a suppression for exactly this topic, patient and concept set.
      const ledger = { cardUuid: randomUUID(), suggestionUuids: [], serviceId: call.serviceId, hook: call.hook, topic: 'cramp-vs-rls', indicator: 'info' as const, hookInstance: call.hookInstance, issuer: '', tenant: '', patientHash: screened.patientHash, conceptHashes: screened.kept[0]?.conceptHashes ?? [], overrideReasons: ['diagnosis-clarified'], suppressed: false, sentAt: TEST_NOW, knowledgeVersion: k.version };
      await store.writeLedger([ledger]);
      const suppression = { patientHash: screened.patientHash, serviceId: call.serviceId, topic: 'cramp-vs-rls', conceptHashes: ledger.conceptHashes, createdAt: TEST_NOW, until: new Date(TEST_NOW.getTime() + 86_400_000) };
      await store.saveFeedback([{ key: randomUUID(), cardUuid: ledger.cardUuid, serviceId: call.serviceId, outcome: 'overridden', acceptedSuggestions: [], reason: { system: 's', code: 'diagnosis-clarified' }, outcomeAt: TEST_NOW, receivedAt: TEST_NOW, suppression }]);
    }
    const held = async (k: Knowledge, variant: string): Promise<number> =>
      (await createHookGovernance({ store, writer, hasher, knowledge: k, log }).screen([assessment(variant)], call, TEST_NOW)).held.length;
    // The critical variant shows; the same variant as info, and the topic's other (info) variant, are held back.
    expect([await held(critical, 'cramp-likely'), await held(knowledge, 'cramp-likely'), await held(critical, 'mixed')]).toEqual([0, 1, 1]);
  } finally {
    await writer.close();
    await store.close();
    place.remove();
  }
});
