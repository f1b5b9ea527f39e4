import type { Evidence, Rule } from './rule-types.js';
import { latestLab, problemsIn } from './chart-facts.js';
import { CRAMP_OR_RLS_SETS } from './knowledge-ids.js';

/**
 * Baseline workup of cramps and RLS: ferritin, then thyroid function, glucose and renal function
 * (guidance "Laboratory Testing"; AAFP 2012). One item per knowledge.workup entry with no result of any
 * of its labs in the look-back; the card offers a draft order of each. Chart review: topics.json declares it for patient-view only.
 */

/** Lists the workup tests with no result in the look-back. */
export const workupLabs: Rule = ({ findings, knowledge }) => {
  const problems = problemsIn(findings, knowledge, CRAMP_OR_RLS_SETS);
  if (problems.length === 0) return [];
  const missing = knowledge.workup
    .filter((item) => item.labIds.every((labId) => latestLab(findings, labId) === undefined))
    .map((item): Evidence => ({ kind: 'missing-lab', labId: item.orderLabId, group: item.id }));
  if (missing.length === 0) return [];
  const labsToOrder = [...new Set(missing.flatMap((item) => (item.kind === 'missing-lab' ? [item.labId] : [])))];
  return [{ topic: 'workup-labs', evidence: [...missing, ...problems], labsToOrder }];
};
