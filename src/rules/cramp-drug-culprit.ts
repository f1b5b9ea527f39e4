import type { Rule } from './rule-types.js';
import { medsIn, problemsIn, relevantMeds } from './chart-facts.js';
import { CRAMP_CULPRIT_SETS, CRAMP_SETS } from './knowledge-ids.js';

/**
 * Diuretics are a common cause of cramps and statins cause muscle symptoms (guidance "Medication-Induced";
 * AAFP 2012). With leg cramps on the chart, name each such drug and its class and suggest a review —
 * never automatic stopping, so the card offers no removal.
 */

/** Flags diuretics and statins in a patient with leg cramps. */
export const crampDrugCulprit: Rule = ({ findings, hook, knowledge }) => {
  const cramps = problemsIn(findings, knowledge, CRAMP_SETS);
  if (cramps.length === 0) return [];
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, CRAMP_CULPRIT_SETS);
  return drugs.length > 0 ? [{ topic: 'cramp-drug-culprit', evidence: [...drugs, ...cramps] }] : [];
};
