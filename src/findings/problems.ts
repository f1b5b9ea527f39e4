import type { Condition } from 'fhir/r4.js';
import type { ProblemFinding } from './finding-types.js';
import { codesOf, labelOf, statusCodesOf } from './codes.js';
import { provenanceOf } from './provenance.js';

// Required bindings of Condition.clinicalStatus / verificationStatus (FHIR R4 §Condition, terminology bindings).
const CLINICAL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

const ACTIVE = new Set(['active', 'recurrence', 'relapse']);
const NOT_ACTIVE = new Set(['inactive', 'remission', 'resolved']);
const VOID = new Set(['refuted', 'entered-in-error']);

/** Whether any abatement[x] is present; a JSON null there is missing, not an abatement. */
function hasAbatement(condition: Condition): boolean {
  const values: unknown[] = [
    condition.abatementDateTime,
    condition.abatementAge,
    condition.abatementPeriod,
    condition.abatementRange,
    condition.abatementString,
  ];
  return values.some((value) => value !== undefined && value !== null);
}

/**
 * Whether a Condition is a current problem. Refuted and entered-in-error conditions never are.
 * A clinicalStatus without a recognised code counts as absent: then the condition is active unless
 * it has an abatement (R4 invariant con-4: an abated condition is not active).
 */
export function isActiveCondition(condition: Condition): boolean {
  if (statusCodesOf(condition.verificationStatus, VERIFICATION_SYSTEM).some((c) => VOID.has(c))) return false;
  const clinical = statusCodesOf(condition.clinicalStatus, CLINICAL_SYSTEM);
  if (clinical.some((c) => ACTIVE.has(c))) return true;
  if (clinical.some((c) => NOT_ACTIVE.has(c))) return false;
  return !hasAbatement(condition);
}

/** Active problems, one per Condition that says what it is (codes or text); the rest are dropped. */
export function toProblemFindings(conditions: readonly Condition[]): ProblemFinding[] {
  const problems: ProblemFinding[] = [];
  for (const condition of conditions) {
    if (!isActiveCondition(condition)) continue;
    const label = labelOf(condition.code);
    if (label === undefined) continue;
    const date = condition.recordedDate ?? condition.onsetDateTime;
    problems.push({ codes: codesOf(condition.code), label, source: provenanceOf(condition, date) });
  }
  return problems;
}
