import { LAB_IDS, LAB_UNITS, THRESHOLD_IDS, THRESHOLD_LABS, VALUE_SET_IDS } from '../../src/knowledge/ids.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

// The rules name their ids from the typed lists of src/knowledge/ids.ts (no second registry of "ids a rule reads"):
// the shipped knowledge must define every one, value sets with members and thresholds in their lab's canonical unit
// (rules compare a lab with a threshold only in the same unit, so a mismatch would silently never fire).
const knowledge = loadKnowledge();

describe('knowledge ids the rules read', () => {
  test.each(VALUE_SET_IDS)('value set %s exists and has members', (id) => {
    expect(knowledge.valueSets[id]?.keys.size ?? 0).toBeGreaterThan(0);
  });

  test.each(LAB_IDS)('lab %s exists', (id) => {
    expect(knowledge.labs[id]).toBeDefined();
  });

  test.each(THRESHOLD_IDS)('threshold %s is in its lab’s canonical unit', (id) => {
    expect(knowledge.thresholds[id]?.unit).toBe(knowledge.labs[THRESHOLD_LABS[id]]?.canonicalUnit);
    expect(knowledge.thresholds[id]?.unit).toBe(LAB_UNITS[THRESHOLD_LABS[id]]);
  });

  test('every secondary-cause criterion and workup item names a known lab, threshold and value set in the right unit', () => {
    for (const cause of knowledge.secondaryCauses) {
      for (const id of cause.valueSets) expect(knowledge.valueSets[id]).toBeDefined();
      for (const c of cause.labCriteria) expect(knowledge.thresholds[c.threshold]?.unit).toBe(knowledge.labs[c.labId]?.canonicalUnit);
    }
    for (const item of knowledge.workup) {
      for (const id of [...item.labIds, item.orderLabId]) expect(knowledge.labs[id]).toBeDefined();
    }
  });
});
