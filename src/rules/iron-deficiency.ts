import type { Rule } from './rule-types.js';
import { problemsIn } from './chart-facts.js';
import { ironCriterionMet, ironPopulations } from './iron-criteria.js';
import { CRAMP_SETS, ESRD_SETS, RLS_SETS } from './knowledge-ids.js';

/**
 * Iron deficiency is associated with RLS and secondary cramping and calls for supplementation. The criterion
 * depends on who the patient is (iron-criteria.ts): AASM 2024 for RLS (adults, end-stage renal disease,
 * children), the guidance's ferritin < 50 ng/mL for leg cramps and PLMD. The variant names the population whose
 * criterion was met, the evidence the results that meet it. Chart review: topics.json declares it for patient-view only.
 */

/** Flags iron studies that meet the iron criterion of a patient with RLS, PLMD or leg cramps. */
export const ironDeficiency: Rule = ({ findings, knowledge, now }) => {
  const met = ironCriterionMet(findings, knowledge, ironPopulations(findings, knowledge, now));
  if (met === undefined) return [];
  const problems = problemsIn(findings, knowledge, [...RLS_SETS, ...CRAMP_SETS, ...(met.population === 'rls-esrd' ? ESRD_SETS : [])]);
  return [{ topic: 'iron-deficiency', variant: met.population, evidence: [...met.evidence, ...problems] }];
};
