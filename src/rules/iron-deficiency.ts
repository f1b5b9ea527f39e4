import type { Rule } from './rule-types.js';
import { labBelow, problemsIn } from './chart-facts.js';
import { CRAMP_SETS, RLS_SETS } from './knowledge-ids.js';

/**
 * Ferritin below 50 ng/mL suggests iron deficiency, which is associated with RLS and secondary cramping
 * and needs supplementation (guidance "Metabolic and Systemic Causes", "Laboratory Testing"; AASM 2024).
 * Reads the latest ferritin in the look-back, already in ng/mL. Chart review: patient-view only.
 */

/** Flags a low ferritin in a patient with RLS, PLMD or leg cramps. */
export const ironDeficiency: Rule = ({ findings, hook, knowledge }) => {
  if (hook !== 'patient-view') return [];
  const problems = problemsIn(findings, knowledge, [...RLS_SETS, ...CRAMP_SETS]);
  if (problems.length === 0) return [];
  const ferritin = labBelow(findings, knowledge, 'ferritin', 'ferritin-low');
  return ferritin.length > 0 ? [{ topic: 'iron-deficiency', evidence: [...ferritin, ...problems] }] : [];
};
