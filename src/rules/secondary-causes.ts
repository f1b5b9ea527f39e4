import type { Findings } from '../findings/finding-types.js';
import type { Knowledge, SecondaryCause } from '../knowledge/knowledge-types.js';
import type { Evidence, Rule } from './rule-types.js';
import { crossesThreshold, hasProblemIn, latestLab, problemsIn } from './chart-facts.js';
import { CRAMP_OR_RLS_SETS, CRAMP_SETS } from './knowledge-ids.js';

/**
 * Cramps and RLS are idiopathic only after secondary causes are ruled out: neuropathy, radiculopathy,
 * vascular disease, thyroid, diabetes, kidney and liver disease, pregnancy, neurological markers (guidance
 * "Underlying Etiologies"). Lists each documented cause (knowledge.secondaryCauses). Chart review: topics.json declares it for patient-view only.
 */

// Evidence of one cause is tagged with the cause id, so the card can pair it with its examination.
function causeEvidence(findings: Findings, knowledge: Knowledge, cause: SecondaryCause): readonly Evidence[] {
  const problems = problemsIn(findings, knowledge, cause.valueSets).map(
    (item): Evidence => ({ ...item, group: cause.id }),
  );
  const labs = cause.labCriteria.flatMap((criterion): Evidence[] => {
    const lab = latestLab(findings, criterion.labId);
    return lab && crossesThreshold(lab, knowledge, criterion.threshold, criterion.direction)
      ? [{ kind: 'lab', finding: lab, group: cause.id }]
      : [];
  });
  return [...problems, ...labs];
}

/** Lists documented secondary causes in a patient with leg cramps or RLS. */
export const secondaryCauses: Rule = ({ findings, knowledge }) => {
  const problems = problemsIn(findings, knowledge, CRAMP_OR_RLS_SETS);
  if (problems.length === 0) return [];
  // A cause of cramps needs cramps on the chart, an RLS trigger needs RLS (pregnancy is both, in different words).
  const charted = { cramps: hasProblemIn(findings, knowledge, CRAMP_SETS), rls: hasProblemIn(findings, knowledge, ['rls']) };
  const causes = knowledge.secondaryCauses
    .filter((cause) => cause.appliesTo === undefined || charted[cause.appliesTo])
    .flatMap((cause) => causeEvidence(findings, knowledge, cause));
  return causes.length > 0 ? [{ topic: 'secondary-causes', evidence: [...causes, ...problems] }] : [];
};
