import type { Rule } from './rule-types.js';
import { drugAssessment, hasProblemIn, isCodedIn, medsIn, problemsIn, relevantMeds, removableWithoutStopping, rlsCareLine } from './chart-facts.js';
import { CRAMP_SETS, DOPAMINERGIC_INDICATION_SETS, DOPAMINERGIC_SETS } from './knowledge-ids.js';

/**
 * Confusing cramps with RLS leads to dopaminergic therapy when stretching would suffice (guidance
 * "Common Pitfalls"). Fires on a dopaminergic agent with leg cramps on the chart and no RLS, PLMD or
 * Parkinson disease to justify it, on the chart or as the drug order's own indication (reasonCode/reasonReference).
 */

/** Warns on dopaminergic therapy for simple leg cramps. */
export const dopaminergicForCramps: Rule = ({ findings, hook, knowledge, now }) => {
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, DOPAMINERGIC_SETS).filter(
    (drug) => !isCodedIn(drug.finding.reasonCodes ?? [], knowledge, DOPAMINERGIC_INDICATION_SETS),
  );
  if (drugs.length === 0) return [];
  const cramps = problemsIn(findings, knowledge, CRAMP_SETS);
  if (cramps.length === 0 || hasProblemIn(findings, knowledge, DOPAMINERGIC_INDICATION_SETS)) return [];
  // A draft beside a current dopaminergic drug is a renewal: no removal (the card says never to stop abruptly).
  const assessment = drugAssessment('dopaminergic-for-cramps', drugs, cramps, removableWithoutStopping(drugs, findings, knowledge));
  // If it is RLS after all, the RLS care line that fits the patient (never a gabapentinoid first in pregnancy or for a child).
  return [{ ...assessment, snippets: { rlsCare: rlsCareLine(findings, knowledge, now) } }];
};
