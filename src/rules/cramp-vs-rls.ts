import { lookbackStart, timeOf } from '../findings/lookback.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Rule } from './rule-types.js';
import type { Findings } from '../findings/finding-types.js';
import type { IronPopulation } from '../knowledge/knowledge-types.js';
import { hasProblemIn, latestLab, medsIn, problemsIn, relevantMeds, rlsCareLine, type LabEvidence, type ProblemEvidence } from './chart-facts.js';
import { ironCriterionMet, ironStudiesJudged, rlsIronPopulations } from './iron-criteria.js';
import { CRAMP_SETS, RLS_SETS, RLS_THERAPY_OTHER_INDICATIONS, RLS_THERAPY_SETS } from './knowledge-ids.js';

/**
 * Cramps and RLS need different care, so the chart's leaning is stated (guidance "Primary Differential
 * Diagnosis"): cramp codes only → cramp-likely; RLS/PLMD codes only → rls-likely; both, or a cramp chart
 * with an RLS feature (an RLS therapy) → mixed. Chart review: topics.json declares it for patient-view only.
 * An RLS therapy explained by another documented indication (Parkinson disease, neuropathy) is no RLS feature.
 * Decision (clinical review of 2.4.0): a low ferritin alone is no RLS feature, as the guidance links iron deficiency
 * to RLS and to secondary cramping alike; the iron-deficiency card acts on it.
 * The words follow the chart (snippets): the iron step says what the iron studies on file show against the patient's
 * RLS iron criterion (AASM 2024: adult, IV-only range, ESRD, child), and the iron results are listed judged against
 * that criterion, never against the cramps threshold; the RLS care line is the AASM 2024 one, the pregnancy one or,
 * for a child, the pediatric one (iron; no gabapentinoid first line). A confirmed diagnosis recorded
 * `settledDiagnosisMonths` ago or more is settled and not repeated, unless the leaning is mixed.
 */

/** The leanings, also the card variants and the values of the leaning extension. */
export type Leaning = 'cramp-likely' | 'rls-likely' | 'mixed';

/** Keys of the `iron` snippet: what the iron studies in the look-back show. */
export type IronStep = 'check' | 'check-tsat' | 'check-ferritin' | 'on-file' | 'criterion-met' | 'iv-only' | 'esrd-not-met' | 'esrd-incomplete';

// What the iron studies on file show against the RLS criterion of the patient, and the results judged against it.
function ironStep(findings: Findings, populations: readonly IronPopulation[], met: IronPopulation | undefined, judged: readonly LabEvidence[]): IronStep {
  if (met === 'rls-adult-iv-only') return 'iv-only';
  if (met !== undefined) return 'criterion-met';
  // ESRD needs ferritin and TSAT together: one result failing its bound settles "not met"; results that meet it so
  // far leave the other to add.
  if (populations.includes('rls-esrd') && judged.length > 0) return judged.some((lab) => !lab.isMet) ? 'esrd-not-met' : 'esrd-incomplete';
  const hasFerritin = latestLab(findings, 'ferritin') !== undefined;
  // Children are judged on ferritin alone; adults on ferritin or TSAT, so a missing TSAT leaves the criterion open.
  const needsTsat = populations.some((population) => population !== 'rls-child');
  const hasTsat = latestLab(findings, 'tsat') !== undefined;
  if (!hasFerritin) return needsTsat && hasTsat ? 'check-ferritin' : 'check';
  return needsTsat && !hasTsat ? 'check-tsat' : 'on-file';
}

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
  const features = medsIn(relevantMeds(findings, hook), knowledge, therapySets);
  const leaning: Leaning =
    cramps.length === 0 ? 'rls-likely' : rls.length > 0 || features.length > 0 ? 'mixed' : 'cramp-likely';
  if (leaning !== 'mixed' && isSettled([...cramps, ...rls], knowledge, now)) return [];
  // The iron step is part of the RLS care line, so it speaks of the RLS criterion even on a chart leaning to cramps
  // (ferritin 60 ng/mL is no iron deficiency for cramps, but is one for RLS).
  const populations = rlsIronPopulations(findings, knowledge, now);
  const met = ironCriterionMet(findings, knowledge, populations)?.population;
  const ironStudies = ironStudiesJudged(findings, knowledge, met === undefined ? populations : [met, ...populations.filter((p) => p !== met)]);
  const rlsCare = rlsCareLine(findings, knowledge, now);
  return [
    {
      topic: 'cramp-vs-rls',
      variant: leaning,
      evidence: [...cramps, ...rls, ...features, ...ironStudies],
      snippets: { iron: ironStep(findings, populations, met, ironStudies), rlsCare },
      extension: { [knowledge.leaningExtensionKey]: leaning },
    },
  ];
};
