import type { Findings } from '../findings/finding-types.js';
import type { Knowledge, SecondaryCause } from '../knowledge/knowledge-types.js';
import type { CauseFound, Evidence, Rule } from './rule-types.js';
import { hasProblemIn, labMeeting, problemsIn } from './chart-facts.js';
import { CRAMP_OR_RLS_SETS, CRAMP_SETS } from './knowledge-ids.js';

/**
 * Cramps and RLS are idiopathic only after secondary causes are ruled out: neuropathy, radiculopathy,
 * vascular disease, thyroid, diabetes, kidney and liver disease, pregnancy, neurological markers (guidance
 * "Underlying Etiologies"). Lists each documented cause (knowledge.secondaryCauses). Chart review: topics.json declares it for patient-view only.
 */

// Evidence of one cause names the cause, so the card can pair it with its examination.
function causeEvidence(findings: Findings, knowledge: Knowledge, cause: SecondaryCause): readonly Evidence[] {
  const problems = problemsIn(findings, knowledge, cause.valueSets).map((item): Evidence => ({ ...item, cause: cause.id }));
  const labs = cause.labCriteria.flatMap((criterion) => labMeeting(findings, knowledge, criterion)).map((item): Evidence => ({ ...item, cause: cause.id }));
  return [...problems, ...labs];
}

// A cause documented by a lab alone gets its next step (`labExamination`), not the test that was just done; a cause
// the chart shows to be established (`knownDisease`: ESRD) gets its own step, never the test of a disease it knows.
function causeFound(findings: Findings, knowledge: Knowledge, cause: SecondaryCause, evidence: readonly Evidence[]): CauseFound {
  if (cause.knownDisease !== undefined && hasProblemIn(findings, knowledge, cause.knownDisease.valueSets)) return { cause: cause.id, step: 'knownDisease' };
  const labOnly = evidence.every((item) => item.kind === 'lab');
  return { cause: cause.id, step: labOnly && cause.labExamination !== undefined ? 'labExamination' : 'examination' };
}

/** Lists documented secondary causes in a patient with leg cramps or RLS. */
export const secondaryCauses: Rule = ({ findings, knowledge }) => {
  const problems = problemsIn(findings, knowledge, CRAMP_OR_RLS_SETS);
  if (problems.length === 0) return [];
  // A cause of cramps needs cramps on the chart, an RLS trigger needs RLS (pregnancy is both, in different words).
  const charted = { cramps: hasProblemIn(findings, knowledge, CRAMP_SETS), rls: hasProblemIn(findings, knowledge, ['rls']) };
  const found = knowledge.secondaryCauses
    .filter((cause) => cause.appliesTo === undefined || charted[cause.appliesTo])
    .flatMap((cause) => {
      const evidence = causeEvidence(findings, knowledge, cause);
      return evidence.length > 0 ? [{ evidence, found: causeFound(findings, knowledge, cause, evidence) }] : [];
    });
  if (found.length === 0) return [];
  return [{ topic: 'secondary-causes', evidence: [...found.flatMap((f) => f.evidence), ...problems], causes: found.map((f) => f.found) }];
};
