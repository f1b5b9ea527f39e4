import { lookbackStart, timeOf } from '../findings/lookback.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Rule } from './rule-types.js';
import { hasProblemIn, labBelow, latestLab, medsIn, problemsIn, relevantMeds, type ProblemEvidence } from './chart-facts.js';
import { ironCriterionMet, rlsIronPopulations } from './iron-criteria.js';
import { CRAMP_SETS, IRON_STUDY_LABS, PREGNANCY_SETS, RLS_SETS, RLS_THERAPY_OTHER_INDICATIONS, RLS_THERAPY_SETS } from './knowledge-ids.js';

/**
 * Cramps and RLS need different care, so the chart's leaning is stated (guidance "Primary Differential
 * Diagnosis"): cramp codes only → cramp-likely; RLS/PLMD codes only → rls-likely; both, or a cramp chart
 * with RLS features (RLS therapy, ferritin below ferritin-low) → mixed. Chart review: topics.json declares it for patient-view only.
 * An RLS therapy explained by another documented indication (Parkinson disease, neuropathy) is no RLS feature.
 * The words follow the chart (snippets): the iron step says what the iron studies on file show against the RLS iron
 * criterion, and the RLS care
 * line is the AASM 2024 one, or the pregnancy one. A confirmed diagnosis recorded `settledDiagnosisMonths` ago or
 * more is settled and not repeated, unless the leaning is mixed.
 */

/** The leanings, also the card variants and the values of the leaning extension. */
export type Leaning = 'cramp-likely' | 'rls-likely' | 'mixed';

/** Keys of the `iron` snippet: what the iron studies in the look-back show. */
export type IronStep = 'check' | 'on-file' | 'criterion-met';

// Every diagnosis behind the leaning is confirmed and was recorded before the settled period began.
function isSettled(problems: readonly ProblemEvidence[], knowledge: Knowledge, now: Date): boolean {
  const start = lookbackStart(now, knowledge.settledDiagnosisMonths).getTime();
  return problems.every((p) => {
    const time = timeOf(p.finding.source.date);
    return p.finding.verification === 'confirmed' && time !== undefined && time <= start;
  });
}

/** States whether the chart leans to nocturnal leg cramps, RLS, or is mixed. */
export const crampVsRls: Rule = ({ findings, hook, knowledge, now }) => {
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
  if (leaning !== 'mixed' && isSettled([...cramps, ...rls], knowledge, now)) return [];
  // The iron step is part of the RLS care line, so it speaks of the RLS criterion even on a chart leaning to cramps
  // (ferritin 60 ng/mL is no iron deficiency for cramps, but is one for RLS).
  const iron: IronStep =
    ironCriterionMet(findings, knowledge, rlsIronPopulations(findings, knowledge, now)) !== undefined
      ? 'criterion-met'
      : IRON_STUDY_LABS.some((labId) => latestLab(findings, labId) !== undefined)
        ? 'on-file'
        : 'check';
  return [
    {
      topic: 'cramp-vs-rls',
      variant: leaning,
      evidence: [...cramps, ...rls, ...features],
      snippets: { iron, rlsCare: hasProblemIn(findings, knowledge, PREGNANCY_SETS) ? 'pregnancy' : 'standard' },
      extension: { [knowledge.leaningExtensionKey]: leaning },
    },
  ];
};
