import type { LabId } from '../knowledge/ids.js';
import type { Evidence, LabOrder, Rule } from './rule-types.js';
import { hasProblemIn, latestLab, problemsIn } from './chart-facts.js';
import { ironCriterionMet, ironPopulations } from './iron-criteria.js';
import { CRAMP_OR_RLS_SETS } from './knowledge-ids.js';

/**
 * Baseline workup of cramps and RLS: ferritin, then thyroid function, glucose and renal function
 * (guidance "Laboratory Testing"; AAFP 2012). With RLS on the chart the iron item is the AASM 2024 iron panel
 * (ferritin and transferrin saturation, from iron and TIBC) instead of ferritin alone (`appliesTo`). One item per
 * knowledge.workup entry whose labs lack a result in the look-back (any, or each for `satisfiedBy: all`; a test in
 * progress or a result in a unit that could not be read counts as present, though never as a value); the card
 * offers a draft order of each. Thyroid, glucose and renal function are to be considered "based on clinical
 * suspicion" (guidance), so their orders carry `basis: clinical-suspicion` and are labelled so; an item is not
 * offered with a problem that makes it moot (`notWith`: renal function with known end-stage renal disease).
 * Chart review: topics.json declares it for patient-view only.
 */

/** Lists the workup tests with no result in the look-back. */
export const workupLabs: Rule = ({ findings, knowledge, now }) => {
  const problems = problemsIn(findings, knowledge, CRAMP_OR_RLS_SETS);
  if (problems.length === 0) return [];
  const population = hasProblemIn(findings, knowledge, ['rls']) ? 'rls' : 'cramps';
  // Iron results that already meet the patient's iron criterion are acted on by the iron-deficiency card, which
  // asks for the repeat panel itself: the workup does not ask for the rest of the panel again.
  // Not the IV-only range: there a missing TSAT decides whether oral iron is an option too, so the panel is still asked.
  const ironMetBy = ironCriterionMet(findings, knowledge, ironPopulations(findings, knowledge, now))?.population;
  const ironMet = ironMetBy !== undefined && ironMetBy !== 'rls-adult-iv-only';
  const ironLabs = new Set(Object.values(knowledge.ironCriteria).flatMap((iron) => iron.criteria.map((c) => c.labId)));
  // A test under way (registered or preliminary result, active order) or a result whose unit could not be read is
  // not missing: asking for it again would duplicate an order already placed or a result already on file.
  const notMissing = new Set<string>([...findings.labsInProgress, ...findings.unreadableResults.map((r) => r.labId)]);
  const hasResult = (labId: LabId): boolean => latestLab(findings, labId) !== undefined || notMissing.has(labId) || (ironMet && ironLabs.has(labId));
  const items = knowledge.workup.filter(
    (item) =>
      (item.appliesTo === undefined || item.appliesTo === population) &&
      !hasProblemIn(findings, knowledge, item.notWith ?? []) &&
      (item.satisfiedBy === 'all' ? !item.labIds.every(hasResult) : !item.labIds.some(hasResult)),
  );
  if (items.length === 0) return [];
  const missing = items.map((item): Evidence => ({ kind: 'missing-lab', labId: item.orderLabId, workupItem: item.id }));
  const labsToOrder = items.map(
    (item): LabOrder => ({ workupItem: item.id, labIds: [item.orderLabId, ...(item.alsoOrderLabIds ?? [])], basis: item.basis ?? 'baseline' }),
  );
  return [{ topic: 'workup-labs', variant: population, evidence: [...missing, ...problems], labsToOrder }];
};
