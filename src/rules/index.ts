import { TOPIC_IDS, type TopicId } from '../knowledge/ids.js';
import type { Assessment, Rule, RuleInput } from './rule-types.js';
import { crampVsRls } from './cramp-vs-rls.js';
import { rlsAggravatingDrug } from './rls-aggravating-drug.js';
import { crampDrugCulprit } from './cramp-drug-culprit.js';
import { psgNotIndicated } from './psg-not-indicated.js';
import { dopaminergicForCramps } from './dopaminergic-for-cramps.js';
import { quinineForCramps } from './quinine-for-cramps.js';
import { ironDeficiency } from './iron-deficiency.js';
import { secondaryCauses } from './secondary-causes.js';
import { workupLabs } from './workup-labs.js';
import { electrolytePitfall } from './electrolyte-pitfall.js';
import { rlsDopaminergicAugmentation } from './rls-dopaminergic-augmentation.js';

/**
 * The card catalogue: one rule per topic (the compiler requires every topic of src/knowledge/ids.ts to have one).
 * Which hooks a topic runs on is knowledge (topics.json, docs/clinical-logic.md "Rules"): patient-view speaks
 * about the chart and current medications; order-select and order-sign about the selected draft orders, so the
 * chart-only topics are declared for patient-view only. No rule tests the hook itself.
 */
export const RULES: Readonly<Record<TopicId, Rule>> = {
  'cramp-vs-rls': crampVsRls,
  'rls-aggravating-drug': rlsAggravatingDrug,
  'rls-dopaminergic-augmentation': rlsDopaminergicAugmentation,
  'cramp-drug-culprit': crampDrugCulprit,
  'psg-not-indicated': psgNotIndicated,
  'dopaminergic-for-cramps': dopaminergicForCramps,
  'quinine-for-cramps': quinineForCramps,
  'iron-deficiency': ironDeficiency,
  'secondary-causes': secondaryCauses,
  'workup-labs': workupLabs,
  'electrolyte-pitfall': electrolytePitfall,
};

/** Runs, in catalogue order, the rule of every topic the knowledge declares for the hook: pure, no I/O. */
export function runRules(input: RuleInput): readonly Assessment[] {
  return TOPIC_IDS.filter((topic) => input.knowledge.topics[topic].hooks.includes(input.hook)).flatMap((topic) => RULES[topic](input));
}
