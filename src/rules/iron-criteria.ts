import type { Findings } from '../findings/finding-types.js';
import type { IronPopulation, Knowledge } from '../knowledge/knowledge-types.js';
import { hasProblemIn, isChild, labMeeting, type LabEvidence } from './chart-facts.js';
import { CRAMP_SETS, ESRD_SETS } from './knowledge-ids.js';

/**
 * Which iron criteria apply to a patient and whether the latest labs meet them (`knowledge.ironCriteria`).
 * RLS in adults follows the AASM 2024 criteria (ferritin <= 75 ng/mL or TSAT < 20 %; with end-stage renal disease
 * first the IV iron sucrose criterion, ferritin < 200 ng/mL with TSAT < 20 %), RLS in children the AASM 2024
 * pediatric ferritin < 50 ng/mL, and leg cramps or PLMD without RLS the guidance's ferritin < 50 ng/mL.
 */

/** The RLS populations the patient belongs to by age and kidney disease, whether or not RLS is on the chart yet. */
export function rlsIronPopulations(findings: Findings, knowledge: Knowledge, now: Date): readonly IronPopulation[] {
  if (isChild(findings, knowledge, now)) return ['rls-child'];
  return hasProblemIn(findings, knowledge, ESRD_SETS) ? ['rls-esrd', 'rls-adult'] : ['rls-adult'];
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
