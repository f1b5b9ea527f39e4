import type { Condition, Medication, MedicationRequest, MedicationStatement } from 'fhir/r4.js';
import type { PatientRecord } from '../gather/patient-record.js';
import type { Code, MedicationFinding, Provenance } from './finding-types.js';
import { nonBlank } from './codes.js';
import { lookbackStart, timeOf } from './lookback.js';
import { toMedicationConcept, type MedicationConcept } from './medication-concept.js';
import { reasonCodesOf } from './order-reasons.js';
import { provenanceOf } from './provenance.js';

/**
 * Current medications. A MedicationStatement counts when `active` or `intended` (FHIR R4 MedicationStatement
 * status codes): `completed`, `stopped`, `on-hold`, `not-taken`, `entered-in-error` and `unknown` say the
 * patient is not taking it now, or that we cannot tell. A MedicationRequest counts only when `active`:
 * `draft` requests are not yet medications (the hook's draftOrders carry them), `on-hold` ones are paused.
 * A missing status (sloppy data) does not count.
 */
const CURRENT_STATEMENT = new Set<string>(['active', 'intended']);
const CURRENT_REQUEST = new Set<string>(['active']);

/** The clock and the look-back that decide whether an "active" statement is stale. */
export interface MedicationOptions {
  readonly now: Date;
  /** Months (knowledge `medicationLookbackMonths`). */
  readonly medicationLookbackMonths: number;
}

/**
 * An "active" statement whose period ended, or whose single date lies, before the look-back is a record nobody closed,
 * not a drug taken now (the statement's status is what the source system last knew, FHIR R4 MedicationStatement
 * "Notes": a statement is a record of a point in time). A statement with a period still open is current.
 */
function isStale(statement: MedicationStatement, options: MedicationOptions | undefined): boolean {
  if (options === undefined) return false;
  const from = lookbackStart(options.now, options.medicationLookbackMonths).getTime();
  const end = timeOf(nonBlank(statement.effectivePeriod?.end));
  if (end !== undefined) return end < from;
  if (statement.effectivePeriod !== undefined) return false;
  const at = timeOf(nonBlank(statement.effectiveDateTime));
  return at !== undefined && at < from;
}

// A current medication (statement or request) built field by field, in the order the findings always had: an object
// spread per medication was the costliest line of the findings stage in the profile of issue 11.
function currentMedication(concept: MedicationConcept, origin: 'statement' | 'request', reasonCodes: readonly Code[], source: Provenance): MedicationFinding {
  const { codes, names, label } = concept;
  return reasonCodes.length > 0
    ? { codes, names, label, origin, isSelected: false, reasonCodes, source }
    : { codes, names, label, origin, isSelected: false, source };
}

function fromStatement(
  statement: MedicationStatement,
  medications: ReadonlyMap<string, Medication>,
  options: MedicationOptions | undefined,
  conditions: ReadonlyMap<string, Condition>,
): MedicationFinding | undefined {
  if (!CURRENT_STATEMENT.has(statement.status) || isStale(statement, options)) return undefined;
  const concept = toMedicationConcept(statement, medications);
  if (concept === undefined) return undefined;
  const date = statement.effectiveDateTime ?? statement.effectivePeriod?.start ?? statement.dateAsserted;
  const reasonCodes = reasonCodesOf(statement, conditions);
  return currentMedication(concept, 'statement', reasonCodes, provenanceOf(statement, date));
}

function fromRequest(
  request: MedicationRequest,
  medications: ReadonlyMap<string, Medication>,
  conditions: ReadonlyMap<string, Condition>,
): MedicationFinding | undefined {
  // doNotPerform: "the request is to not perform the action" (FHIR R4 MedicationRequest.doNotPerform): not a medication.
  if (!CURRENT_REQUEST.has(request.status) || request.doNotPerform === true) return undefined;
  const concept = toMedicationConcept(request, medications);
  if (concept === undefined) return undefined;
  const reasonCodes = reasonCodesOf(request, conditions);
  return currentMedication(concept, 'request', reasonCodes, provenanceOf(request, request.authoredOn));
}

/** Current medications of the record, from MedicationStatements and active MedicationRequests. */
export function toMedicationFindings(
  record: PatientRecord,
  options?: MedicationOptions,
  conditions: ReadonlyMap<string, Condition> = new Map(),
): MedicationFinding[] {
  const findings: MedicationFinding[] = [];
  for (const statement of record.medicationStatements) {
    const finding = fromStatement(statement, record.medications, options, conditions);
    if (finding !== undefined) findings.push(finding);
  }
  for (const request of record.medicationRequests) {
    const finding = fromRequest(request, record.medications, conditions);
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}
