import type { Condition, FhirResource, Medication, MedicationRequest, MedicationStatement, Observation, Patient, ServiceRequest } from 'fhir/r4.js';
import { patientResourceTest } from './patient-reference.js';
import type { PatientRecord } from './patient-record.js';

/**
 * Sorts resources into a `PatientRecord` by `resourceType`, whatever key they came from, in one pass:
 * duplicates (same `Type/id`) are kept once, other patients' resources are dropped and counted,
 * and types the rules do not read (Encounter, Claim, OperationOutcome entries, …) are ignored.
 */

interface RecordDraft {
  patient?: Patient;
  readonly conditions: Condition[];
  readonly medicationStatements: MedicationStatement[];
  readonly medicationRequests: MedicationRequest[];
  readonly observations: Observation[];
  readonly serviceRequests: ServiceRequest[];
  readonly medications: Map<string, Medication>;
  droppedWrongPatient: number;
}

type PatientResource = Patient | Condition | MedicationStatement | MedicationRequest | Observation | ServiceRequest;

function addPatientResource(draft: RecordDraft, resource: PatientResource): void {
  switch (resource.resourceType) {
    case 'Patient':
      draft.patient ??= resource;
      return;
    case 'Condition':
      draft.conditions.push(resource);
      return;
    case 'MedicationStatement':
      draft.medicationStatements.push(resource);
      return;
    case 'MedicationRequest':
      draft.medicationRequests.push(resource);
      return;
    case 'Observation':
      draft.observations.push(resource);
      return;
    case 'ServiceRequest':
      draft.serviceRequests.push(resource);
      return;
  }
}

function isPatientResource(resource: FhirResource): resource is PatientResource {
  switch (resource.resourceType) {
    case 'Patient':
    case 'Condition':
    case 'MedicationStatement':
    case 'MedicationRequest':
    case 'Observation':
    case 'ServiceRequest':
      return true;
    default:
      return false;
  }
}

/**
 * The record of `patientId` from resources of any origin (prefetch values, fetched pages).
 * A Medication (no subject: it comes from `_include`) is keyed `Medication/<id>`.
 */
export function sortIntoPatientRecord(resources: Iterable<FhirResource>, patientId: string): PatientRecord {
  const draft: RecordDraft = {
    conditions: [],
    medicationStatements: [],
    medicationRequests: [],
    observations: [],
    serviceRequests: [],
    medications: new Map(),
    droppedWrongPatient: 0,
  };
  const seen = new Map<string, Set<string>>();
  const belongsToPatient = patientResourceTest(patientId);
  for (const resource of resources) {
    // `id` is typed string, but EHR JSON may hold anything there: only a string id keys a resource.
    const id: unknown = resource.id;
    if (resource.resourceType === 'Medication') {
      const key = `Medication/${String(id)}`;
      if (typeof id === 'string' && id !== '' && !draft.medications.has(key)) draft.medications.set(key, resource);
      continue;
    }
    if (!isPatientResource(resource)) continue;
    if (typeof id === 'string' && id !== '') {
      // Ids by type, not a `Type/id` string per resource: no string is built for a resource seen once.
      let ids = seen.get(resource.resourceType);
      if (ids === undefined) {
        ids = new Set();
        seen.set(resource.resourceType, ids);
      }
      if (ids.has(id)) continue;
      ids.add(id);
    }
    if (belongsToPatient(resource)) addPatientResource(draft, resource);
    else draft.droppedWrongPatient += 1;
  }
  return { patientId, ...draft };
}
