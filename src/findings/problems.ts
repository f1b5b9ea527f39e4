import type { Condition } from 'fhir/r4.js';
import type { ProblemFinding } from './finding-types.js';
import { codesOf, isCodeableConcept, labelOf, statusCodesOf } from './codes.js';
import { lookbackStart, timeOf } from './lookback.js';
import { provenanceOf } from './provenance.js';

// Required bindings of Condition.clinicalStatus / verificationStatus (FHIR R4 §Condition, terminology bindings), and
// the STU3 URIs of the same code systems (https://hl7.org/fhir/STU3/valueset-condition-clinical.html,
// …/valueset-condition-ver-status.html), which EHRs still send: their codes mean the same, so they read as R4.
const CLINICAL_SYSTEMS = ['http://terminology.hl7.org/CodeSystem/condition-clinical', 'http://hl7.org/fhir/condition-clinical'];
const VERIFICATION_SYSTEMS = ['http://terminology.hl7.org/CodeSystem/condition-ver-status', 'http://hl7.org/fhir/condition-ver-status'];
// Condition.category "encounter-diagnosis" (R4 condition-category; STU3 http://hl7.org/fhir/condition-category).
const CATEGORY_SYSTEMS = ['http://terminology.hl7.org/CodeSystem/condition-category', 'http://hl7.org/fhir/condition-category'];

const ACTIVE = new Set(['active', 'recurrence', 'relapse']);
const NOT_ACTIVE = new Set(['inactive', 'remission', 'resolved']);
// STU3 verification status "entered-in-error" and R4's; STU3 had no "unconfirmed" split, its "refuted" is R4's.
const VOID = new Set(['refuted', 'entered-in-error']);
const VERIFICATION_CODES = new Set(['unconfirmed', 'provisional', 'differential', 'confirmed']);

/** How long a problem without a clinical status stays current when it is only an encounter diagnosis. */
export interface ProblemOptions {
  readonly now: Date;
  /** Months (knowledge `encounterDiagnosisActiveMonths`). */
  readonly encounterDiagnosisActiveMonths: number;
}

function hasAbatement(condition: Condition): boolean {
  return (
    condition.abatementDateTime !== undefined ||
    condition.abatementAge !== undefined ||
    condition.abatementPeriod !== undefined ||
    condition.abatementRange !== undefined ||
    condition.abatementString !== undefined
  );
}

function isEncounterDiagnosis(condition: Condition): boolean {
  const categories: unknown = condition.category;
  return (
    Array.isArray(categories) &&
    categories.some((c: unknown) => isCodeableConcept(c) && statusCodesOf(c, CATEGORY_SYSTEMS).includes('encounter-diagnosis'))
  );
}

/**
 * An encounter diagnosis with no clinical status is a note of one visit, not a problem-list entry (US Core
 * Condition Encounter Diagnosis: clinicalStatus is not required there). It counts while it was recorded (or began)
 * within the configured months; undated, it does not count.
 */
function isRecentEncounterDiagnosis(condition: Condition, options: ProblemOptions): boolean {
  const time = timeOf(condition.recordedDate ?? condition.onsetDateTime);
  if (time === undefined) return false;
  return time >= lookbackStart(options.now, options.encounterDiagnosisActiveMonths).getTime();
}

/**
 * Whether a Condition is a current problem. Refuted and entered-in-error conditions never are.
 * A clinicalStatus without a recognised code counts as absent: then the condition is active unless
 * it has an abatement (R4 invariant con-4: an abated condition is not active), or it is an encounter diagnosis
 * older than `options.encounterDiagnosisActiveMonths` (when options are given).
 */
export function isActiveCondition(condition: Condition, options?: ProblemOptions): boolean {
  if (statusCodesOf(condition.verificationStatus, VERIFICATION_SYSTEMS).some((c) => VOID.has(c))) return false;
  const clinical = statusCodesOf(condition.clinicalStatus, CLINICAL_SYSTEMS);
  if (clinical.some((c) => ACTIVE.has(c))) return true;
  if (clinical.some((c) => NOT_ACTIVE.has(c))) return false;
  if (hasAbatement(condition)) return false;
  return options === undefined || !isEncounterDiagnosis(condition) || isRecentEncounterDiagnosis(condition, options);
}

/** Active problems, one per Condition that says what it is (codes or text); the rest are dropped. */
export function toProblemFindings(conditions: readonly Condition[], options?: ProblemOptions): ProblemFinding[] {
  const problems: ProblemFinding[] = [];
  for (const condition of conditions) {
    if (!isActiveCondition(condition, options)) continue;
    const label = labelOf(condition.code);
    if (label === undefined) continue;
    const date = condition.recordedDate ?? condition.onsetDateTime;
    const clinicalStatus = statusCodesOf(condition.clinicalStatus, CLINICAL_SYSTEMS).find((c) => ACTIVE.has(c));
    const verification = statusCodesOf(condition.verificationStatus, VERIFICATION_SYSTEMS).find((c) => VERIFICATION_CODES.has(c));
    problems.push({
      codes: codesOf(condition.code),
      label,
      ...(clinicalStatus ? { clinicalStatus } : {}),
      ...(verification ? { verification } : {}),
      source: provenanceOf(condition, date),
    });
  }
  return problems;
}
