import type { Findings } from '../findings/finding-types.js';
import type { IronPopulation, Knowledge } from '../knowledge/knowledge-types.js';
import { hasProblemIn, isChild, labAgainst, labMeeting, type LabEvidence } from './chart-facts.js';
import { CRAMP_SETS, ESRD_SETS, PREGNANCY_SETS } from './knowledge-ids.js';

/**
 * Which iron criteria apply to a patient and whether the latest labs meet them (`knowledge.ironCriteria`).
 * RLS in adults follows the AASM 2024 criteria (Winkelman et al., J Clin Sleep Med 2025;21(1):137-152: good practice
 * statement, ferritin <= 75 ng/mL or TSAT < 20 %; with end-stage renal disease only the criterion of its conditional,
 * moderate-certainty recommendation of IV iron sucrose, ferritin < 200 ng/mL with TSAT < 20 %), RLS in children the
 * pediatric ferritin < 50 ng/mL, and leg cramps or PLMD without RLS the guidance's ferritin < 50 ng/mL. An adult
 * with RLS whose results meet none of those, with a ferritin between 75 and 100 ng/mL, meets the good practice
 * statement's IV-iron-only range (`rls-adult-iv-only`, tried last). What of this was verified in which text:
 * docs/clinical-logic.md "Known gaps".
 */

/** The RLS populations the patient belongs to by age and kidney disease, whether or not RLS is on the chart yet. */
export function rlsIronPopulations(findings: Findings, knowledge: Knowledge, now: Date): readonly IronPopulation[] {
  // Decision (clinical review of 2.5.0): a pregnant patient under 18 is judged on the pregnancy line's criterion (the
  // adult one, ferritin <= 75 ng/mL or TSAT < 20 %), so every text of her cards names one threshold.
  if (isChild(findings, knowledge, now) && !hasProblemIn(findings, knowledge, PREGNANCY_SETS)) return ['rls-child'];
  // End-stage renal disease is judged on its own criterion only (clinical review of 2.5.0): ferritin in dialysis
  // patients runs high with inflammation, and the guideline's ESRD recommendation is the one for that population.
  return hasProblemIn(findings, knowledge, ESRD_SETS) ? ['rls-esrd'] : ['rls-adult', 'rls-adult-iv-only'];
}

/**
 * What a card shows of the iron studies: the latest results compared with every criterion of the first population
 * (the one met, or the first tried), met or not, then each other lab of the later populations against its first
 * criterion there: ferritin 88 ng/mL "above 75" and "at or below 100" with TSAT 25 % "not below 20 %". A lab
 * without a result in the look-back is absent.
 */
export function ironStudiesJudged(findings: Findings, knowledge: Knowledge, populations: readonly IronPopulation[]): readonly LabEvidence[] {
  const [first, ...others] = populations;
  if (first === undefined) return [];
  const own = knowledge.ironCriteria[first].criteria;
  const labsShown = new Set(own.map((c) => c.labId));
  const more = others.flatMap((population) => knowledge.ironCriteria[population].criteria).filter((c) => !labsShown.has(c.labId) && (labsShown.add(c.labId), true));
  return [...own, ...more].flatMap(({ labId, threshold, direction }) => labAgainst(findings, knowledge, labId, { threshold, direction }));
}

/** The populations whose criteria apply, in the order they are tried (the most specific first). */
export function ironPopulations(findings: Findings, knowledge: Knowledge, now: Date): readonly IronPopulation[] {
  if (hasProblemIn(findings, knowledge, ['rls'])) return rlsIronPopulations(findings, knowledge, now);
  return hasProblemIn(findings, knowledge, [...CRAMP_SETS, 'plmd']) ? ['cramps-plmd'] : [];
}

/** A met iron criterion: the population it belongs to and the lab results that meet it (each with the criterion it meets). */
export interface IronCriterionMet {
  readonly population: IronPopulation;
  readonly evidence: readonly LabEvidence[];
}

/** The first of the populations whose criteria the latest labs meet, or undefined. */
export function ironCriterionMet(
  findings: Findings,
  knowledge: Knowledge,
  populations: readonly IronPopulation[],
): IronCriterionMet | undefined {
  for (const population of populations) {
    const { match, criteria } = knowledge.ironCriteria[population];
    const evidence = criteria.flatMap((criterion) => labMeeting(findings, knowledge, criterion));
    const met = match === 'all' ? evidence.length === criteria.length : evidence.length > 0;
    if (met) return { population, evidence };
  }
  return undefined;
}
