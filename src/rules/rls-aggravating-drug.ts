import type { Rule } from './rule-types.js';
import { drugAssessment, medsIn, problemsIn, relevantMeds, removableWithoutStopping } from './chart-facts.js';
import { RLS_AGGRAVATOR_SETS, RLS_SETS } from './knowledge-ids.js';

/**
 * Tricyclics, SSRIs, SNRIs, mirtazapine, lithium, dopamine antagonists and sedating antihistamines can
 * worsen RLS (guidance "Medication-Induced"; AASM 2024). With RLS or PLMD on the chart, name each such drug
 * (current on patient-view, selected on order hooks) and offer to remove selected draft orders, unless a drug of the
 * draft's set is already current (a renewal: removing it would stop lithium, clozapine or an SSRI abruptly).
 */

/** Flags RLS-aggravating drugs in a patient with RLS or PLMD. */
export const rlsAggravatingDrug: Rule = ({ findings, hook, knowledge }) => {
  const rls = problemsIn(findings, knowledge, RLS_SETS);
  if (rls.length === 0) return [];
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, RLS_AGGRAVATOR_SETS);
  if (drugs.length === 0) return [];
  return [drugAssessment('rls-aggravating-drug', drugs, rls, removableWithoutStopping(drugs, findings, knowledge))];
};
