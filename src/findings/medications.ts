import type { Medication, MedicationRequest, MedicationStatement } from 'fhir/r4.js';
import type { PatientRecord } from '../gather/patient-record.js';
import type { MedicationFinding } from './finding-types.js';
import { toMedicationConcept } from './medication-concept.js';
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

function fromStatement(
  statement: MedicationStatement,
  medications: ReadonlyMap<string, Medication>,
): MedicationFinding | undefined {
  if (!CURRENT_STATEMENT.has(statement.status)) return undefined;
  const concept = toMedicationConcept(statement, medications);
  if (concept === undefined) return undefined;
  const date = statement.effectiveDateTime ?? statement.effectivePeriod?.start ?? statement.dateAsserted;
  return { ...concept, origin: 'statement', isSelected: false, source: provenanceOf(statement, date) };
}

function fromRequest(
  request: MedicationRequest,
  medications: ReadonlyMap<string, Medication>,
): MedicationFinding | undefined {
  if (!CURRENT_REQUEST.has(request.status)) return undefined;
  const concept = toMedicationConcept(request, medications);
  if (concept === undefined) return undefined;
  return { ...concept, origin: 'request', isSelected: false, source: provenanceOf(request, request.authoredOn) };
}

/** Current medications of the record, from MedicationStatements and active MedicationRequests. */
export function toMedicationFindings(record: PatientRecord): MedicationFinding[] {
  const findings: MedicationFinding[] = [];
  for (const statement of record.medicationStatements) {
    const finding = fromStatement(statement, record.medications);
    if (finding !== undefined) findings.push(finding);
  }
  for (const request of record.medicationRequests) {
    const finding = fromRequest(request, record.medications);
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}
