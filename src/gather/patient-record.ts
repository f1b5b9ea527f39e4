import type { Condition, Medication, MedicationRequest, MedicationStatement, Observation, Patient, ServiceRequest } from 'fhir/r4.js';

/**
 * Everything gathered for one request, from prefetch or the EHR's FHIR server, already filtered to
 * `context.patientId`. Downstream stages never see a resource of another patient.
 */
export interface PatientRecord {
  readonly patientId: string;
  readonly patient?: Patient;
  readonly conditions: readonly Condition[];
  readonly medicationStatements: readonly MedicationStatement[];
  readonly medicationRequests: readonly MedicationRequest[];
  readonly observations: readonly Observation[];
  /** The patient's orders (not the hook's draft orders): an active one for a lab is a test in progress. */
  readonly serviceRequests: readonly ServiceRequest[];
  /** Medication resources met in any bundle (`_include`) or fetched, keyed `Medication/<id>`. */
  readonly medications: ReadonlyMap<string, Medication>;
  /** How many resources were dropped because their subject/patient was not `context.patientId`. */
  readonly droppedWrongPatient: number;
}
