import type { Medication, MedicationRequest, MedicationStatement, Resource } from 'fhir/r4.js';
import { isFhirId } from '../hooks/fhir-id.js';
import { isObject, referenceOf } from './fhir-resource-guards.js';
import { fetchFromFhirServer, type FhirSource } from './fhir-source.js';
import type { PatientRecord } from './patient-record.js';

/**
 * Medications named by `medicationReference` but absent from every Bundle are read from the FHIR server,
 * best effort: a medication that cannot be read stays known by `medicationReference.display` only.
 * Contained (`#id`) and `urn:uuid:` references are left to findings.
 */

/**
 * True for a relative `Medication/<id>` reference whose id is a FHIR id (never `.` or `..`), safe to use as a
 * path: anything else is skipped, never requested.
 */
function isMedicationReadPath(reference: string): boolean {
  const [type, id, ...rest] = reference.split('/');
  return type === 'Medication' && rest.length === 0 && isFhirId(id);
}

function medicationReferenceOf(resource: MedicationStatement | MedicationRequest | Resource): string | undefined {
  if (resource.resourceType !== 'MedicationStatement' && resource.resourceType !== 'MedicationRequest') return undefined;
  const holder: unknown = resource;
  return isObject(holder) ? referenceOf(holder['medicationReference']) : undefined;
}

/**
 * The `Medication/<id>` references of the record's statements and requests, and of the draft orders,
 * that no Bundle supplied.
 */
export function missingMedicationReferences(record: PatientRecord, draftOrders: readonly Resource[]): string[] {
  const missing = new Set<string>();
  for (const resource of [...record.medicationStatements, ...record.medicationRequests, ...draftOrders]) {
    const reference = medicationReferenceOf(resource);
    if (reference && isMedicationReadPath(reference) && !record.medications.has(reference)) missing.add(reference);
  }
  return [...missing];
}

async function readMedication(source: FhirSource, reference: string): Promise<[string, Medication] | undefined> {
  try {
    const answer = await fetchFromFhirServer(source, reference, 'medications');
    return answer.resourceType === 'Medication' ? [reference, answer] : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `references` in parallel; failures (HTTP errors, network, deadline) are skipped, never thrown. */
export async function fetchReferencedMedications(
  source: FhirSource,
  references: readonly string[],
): Promise<ReadonlyMap<string, Medication>> {
  const read = await Promise.all(references.map((reference) => readMedication(source, reference)));
  return new Map(read.filter((entry) => entry !== undefined));
}
