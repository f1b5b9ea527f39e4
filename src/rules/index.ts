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
 * The card catalogue, one rule per topic, in catalogue order.
 * Hook scoping (docs/clinical-logic.md "Rules"): patient-view speaks about the chart and current medications;
 * order-select and order-sign speak only about the selected draft orders, so the chart-only topics
 * (cramp-vs-rls, iron-deficiency, secondary-causes, workup-labs) stay silent there to avoid alert fatigue.
 */
export const RULES: readonly Rule[] = [
  crampVsRls,
  rlsAggravatingDrug,
  rlsDopaminergicAugmentation,
  crampDrugCulprit,
  psgNotIndicated,
  dopaminergicForCramps,
  quinineForCramps,
  ironDeficiency,
  secondaryCauses,
  workupLabs,
  electrolytePitfall,
];

/** Runs every rule on the findings: pure, no I/O. */
export function runRules(input: RuleInput): readonly Assessment[] {
  return RULES.flatMap((rule) => rule(input));
}
