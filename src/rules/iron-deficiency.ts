import type { Rule } from './rule-types.js';
import type { IronPopulation } from '../knowledge/knowledge-types.js';
import { hasProblemIn, latestLab, problemsIn } from './chart-facts.js';
import { ironCriterionMet, ironPopulations, ironStudiesJudged } from './iron-criteria.js';
import { CRAMP_SETS, ESRD_SETS, PREGNANCY_SETS, RLS_SETS } from './knowledge-ids.js';

/**
 * Iron deficiency is associated with RLS and secondary cramping and calls for supplementation. The criterion
 * depends on who the patient is (iron-criteria.ts): AASM 2024 for RLS (adults, the IV-iron-only ferritin range
 * 75-100 ng/mL in adults, end-stage renal disease, children), the guidance's ferritin < 50 ng/mL for leg cramps and
 * PLMD. The variant names the population whose criterion was met; the evidence is the iron results judged against
 * its criteria, then any other iron result against the criterion tried before (so the IV-only card shows ferritin
 * "above 75" and "at or below 100" and a TSAT of 20 % or more "not below 20 %"). The `tsat` snippet
 * says whether a transferrin saturation is on file. Chart review: topics.json declares it for patient-view only.
 */

// The iron treatment line of the adult RLS cards (the `ironRoute` snippets): in pregnancy oral iron first and IV iron
// only after the first trimester (IRLSSG pregnancy consensus; Auerbach 2018), never IV ferric carboxymaltose first.
function ironRoute(population: IronPopulation, pregnant: boolean): { readonly ironRoute?: string } {
  if (population === 'rls-adult') return { ironRoute: pregnant ? 'pregnancy' : 'standard' };
  if (population === 'rls-adult-iv-only') return { ironRoute: pregnant ? 'iv-only-pregnancy' : 'iv-only' };
  return {};
}

/** Flags iron studies that meet the iron criterion of a patient with RLS, PLMD or leg cramps. */
export const ironDeficiency: Rule = ({ findings, knowledge, now }) => {
  const populations = ironPopulations(findings, knowledge, now);
  const met = ironCriterionMet(findings, knowledge, populations);
  if (met === undefined) return [];
  const others = populations.slice(0, populations.indexOf(met.population)).filter((p) => p !== met.population);
  const problems = problemsIn(findings, knowledge, [...RLS_SETS, ...CRAMP_SETS, ...(met.population === 'rls-esrd' ? ESRD_SETS : [])]);
  return [
    {
      topic: 'iron-deficiency',
      variant: met.population,
      evidence: [...ironStudiesJudged(findings, knowledge, [met.population, ...others]), ...problems],
      snippets: { tsat: latestLab(findings, 'tsat') === undefined ? 'missing' : 'on-file', ...ironRoute(met.population, hasProblemIn(findings, knowledge, PREGNANCY_SETS)) },
    },
  ];
};
