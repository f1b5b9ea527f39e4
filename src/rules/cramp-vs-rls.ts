import type { Rule } from './rule-types.js';
import { hasProblemIn, labBelow, medsIn, problemsIn, relevantMeds } from './chart-facts.js';
import { CRAMP_SETS, RLS_SETS, RLS_THERAPY_OTHER_INDICATIONS, RLS_THERAPY_SETS } from './knowledge-ids.js';

/**
 * Cramps and RLS need different care, so the chart's leaning is stated (guidance "Primary Differential
 * Diagnosis"): cramp codes only → cramp-likely; RLS/PLMD codes only → rls-likely; both, or a cramp chart
 * with RLS features (RLS therapy, ferritin below ferritin-low) → mixed. Chart review: topics.json declares it for patient-view only.
 * An RLS therapy explained by another documented indication (Parkinson disease, neuropathy) is no RLS feature.
 */

/** The leanings, also the card variants and the values of the leaning extension. */
export type Leaning = 'cramp-likely' | 'rls-likely' | 'mixed';

/** States whether the chart leans to nocturnal leg cramps, RLS, or is mixed. */
export const crampVsRls: Rule = ({ findings, hook, knowledge }) => {
  const cramps = problemsIn(findings, knowledge, CRAMP_SETS);
  const rls = problemsIn(findings, knowledge, RLS_SETS);
  if (cramps.length === 0 && rls.length === 0) return [];
  const therapySets = RLS_THERAPY_SETS.filter((id) => !hasProblemIn(findings, knowledge, RLS_THERAPY_OTHER_INDICATIONS[id]));
  const features = [
    ...medsIn(relevantMeds(findings, hook), knowledge, therapySets),
    ...labBelow(findings, knowledge, 'ferritin', 'ferritin-low'),
  ];
  const leaning: Leaning =
    cramps.length === 0 ? 'rls-likely' : rls.length > 0 || features.length > 0 ? 'mixed' : 'cramp-likely';
  return [
    {
      topic: 'cramp-vs-rls',
      variant: leaning,
      evidence: [...cramps, ...rls, ...features],
      extension: { [knowledge.leaningExtensionKey]: leaning },
    },
  ];
};
