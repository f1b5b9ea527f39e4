import type { LabId } from '../knowledge/ids.js';
import type { Evidence, LabOrder, Rule } from './rule-types.js';
import { hasProblemIn, latestLab, problemsIn } from './chart-facts.js';
import { ironCriterionMet, ironPopulations } from './iron-criteria.js';
import { CRAMP_OR_RLS_SETS } from './knowledge-ids.js';

/**
 * Baseline workup of cramps and RLS: ferritin, then thyroid function, glucose and renal function
 * (guidance "Laboratory Testing"; AAFP 2012). With RLS on the chart the iron item is the AASM 2024 iron panel
 * (ferritin and transferrin saturation, from iron and TIBC) instead of ferritin alone (`appliesTo`). One item per
 * knowledge.workup entry whose labs lack a result in the look-back (any, or each for `satisfiedBy: all`); the card
 * offers a draft order of each. Chart review: topics.json declares it for patient-view only.
 */

/** Lists the workup tests with no result in the look-back. */
export const workupLabs: Rule = ({ findings, knowledge, now }) => {
  const problems = problemsIn(findings, knowledge, CRAMP_OR_RLS_SETS);
  if (problems.length === 0) return [];
  const population = hasProblemIn(findings, knowledge, ['rls']) ? 'rls' : 'cramps';
  // Iron results that already meet the patient's iron criterion are acted on by the iron-deficiency card, which
  // asks for the repeat panel itself: the workup does not ask for the rest of the panel again.
  const ironMet = ironCriterionMet(findings, knowledge, ironPopulations(findings, knowledge, now)) !== undefined;
  const ironLabs = new Set(Object.values(knowledge.ironCriteria).flatMap((iron) => iron.criteria.map((c) => c.labId)));
  const hasResult = (labId: LabId): boolean => latestLab(findings, labId) !== undefined || (ironMet && ironLabs.has(labId));
  const items = knowledge.workup.filter(
    (item) =>
      (item.appliesTo === undefined || item.appliesTo === population) &&
      (item.satisfiedBy === 'all' ? !item.labIds.every(hasResult) : !item.labIds.some(hasResult)),
  );
  if (items.length === 0) return [];
  const missing = items.map((item): Evidence => ({ kind: 'missing-lab', labId: item.orderLabId, workupItem: item.id }));
  const labsToOrder = items.map((item): LabOrder => ({ workupItem: item.id, labIds: [item.orderLabId, ...(item.alsoOrderLabIds ?? [])] }));
  return [{ topic: 'workup-labs', variant: population, evidence: [...missing, ...problems], labsToOrder }];
};
