import type { Medication, MedicationRequest, MedicationStatement, Resource } from 'fhir/r4.js';
import { isFhirId } from '../hooks/fhir-id.js';
import { collectBundlePages } from './bundle-pages.js';
import { isBundle, isObject, referenceOf } from './fhir-resource-guards.js';
import { fetchFromFhirServer, type FhirSource } from './fhir-source.js';
import type { PatientRecord } from './patient-record.js';

/**
 * Medications named by `medicationReference` but absent from every Bundle are read from the FHIR server
 * (CDS Hooks 2.0 "FHIR Resource Access", https://cds-hooks.hl7.org/2.0/#fhir-resource-access), best effort:
 * a medication that cannot be read stays known by `medicationReference.display` only.
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

/**
 * Ids per `_id` search: 40 FHIR ids of at most 64 characters keep the URL near 3 KB, inside the 8 KB request line
 * common servers accept.
 */
const IDS_PER_SEARCH = 40;

async function searchMedications(source: FhirSource, ids: readonly string[], maxResources: number): Promise<Medication[]> {
  try {
    const answer = await fetchFromFhirServer(source, `Medication?_id=${ids.map(encodeURIComponent).join(',')}&_count=${ids.length}`, 'medications');
    if (!isBundle(answer)) return [];
    const paged = await collectBundlePages(answer, 'medications', source, maxResources);
    const wanted = new Set(ids);
    // Only what was asked for: a server that ignores `_id` would otherwise hand us every Medication it holds.
    return paged === 'unfollowable' ? [] : paged.filter((r): r is Medication => r.resourceType === 'Medication' && typeof r.id === 'string' && wanted.has(r.id));
  } catch {
    return [];
  }
}

/**
 * Reads `references` in one wave: `Medication?_id=a,b,c` searches (FHIR R4 search: a comma is "or" within a
 * parameter), sent together when there are more ids than one search holds. Failures (HTTP errors, network, deadline,
 * more than `maxResources`) leave those medications known by display only, never thrown.
 */
export async function fetchReferencedMedications(
  source: FhirSource,
  references: readonly string[],
  maxResources: number,
): Promise<ReadonlyMap<string, Medication>> {
  const ids = references.map((reference) => reference.slice('Medication/'.length));
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) chunks.push(ids.slice(i, i + IDS_PER_SEARCH));
  const found = await Promise.all(chunks.map((chunk) => searchMedications(source, chunk, maxResources)));
  return new Map(found.flat().map((medication) => [`Medication/${medication.id ?? ''}`, medication]));
}
