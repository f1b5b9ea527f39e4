import type { Rule } from './rule-types.js';
import { drugAssessment, hasProblemIn, isCodedIn, medsIn, problemsIn, relevantMeds } from './chart-facts.js';
import { CRAMP_SETS } from './knowledge-ids.js';

/**
 * The FDA (2010) warns against quinine for leg cramps: serious and life-threatening hematologic reactions,
 * and benefit does not outweigh risk; malaria is its only approved use. Fires on quinine with leg cramps on
 * the chart and no malaria, on the chart or as the order's own indication (reasonCode/reasonReference).
 */

/** Warns on quinine used for leg cramps. */
export const quinineForCramps: Rule = ({ findings, hook, knowledge }) => {
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, ['quinine']).filter(
    (drug) => !isCodedIn(drug.finding.reasonCodes ?? [], knowledge, ['malaria']),
  );
  if (drugs.length === 0) return [];
  const cramps = problemsIn(findings, knowledge, CRAMP_SETS);
  if (cramps.length === 0 || hasProblemIn(findings, knowledge, ['malaria'])) return [];
  return [drugAssessment('quinine-for-cramps', drugs, cramps)];
};
