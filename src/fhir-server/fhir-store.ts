import { MemoryRepository } from '@medplum/fhir-router';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Resource } from 'fhir/r4.js';
import { indexFhirDefinitions } from './search-definitions.js';

/**
 * The records the local FHIR server serves, in medplum in-memory repositories: one holding everything (reads,
 * `GET /Patient`, searches across patients) and one per patient. Patient-scoped searches (`patient=X`,
 * `subject=Patient/X`) go to the patient's own repository, so they scan that patient's resources only, not
 * every loaded record (the in-memory repository has no index).
 */

export interface ServedRecord {
  readonly patientId: string;
  readonly resources: readonly Resource[];
}

export interface FhirStore {
  readonly all: MemoryRepository;
  readonly patientIds: readonly string[];
  /** The repository for a search of these parameters: the patient's own when it names exactly one loaded patient. */
  repositoryFor(resourceType: string, params: URLSearchParams): MemoryRepository;
}

/** The single patient id a search names, from `patient`, `subject=Patient/<id>` or, on Patient, `_id`. */
export function searchedPatient(resourceType: string, params: URLSearchParams): string | undefined {
  const named = [
    ...params.getAll('patient').map((v) => v.replace(/^Patient\//, '')),
    ...params.getAll('subject').flatMap((v) => (v.startsWith('Patient/') ? [v.slice('Patient/'.length)] : [])),
    ...(resourceType === 'Patient' ? params.getAll('_id') : []),
  ];
  const ids = new Set(named);
  const [only] = ids;
  return ids.size === 1 && only !== undefined && !only.includes(',') ? only : undefined;
}

async function repositoryOf(resources: readonly Resource[]): Promise<MemoryRepository> {
  const repository = new MemoryRepository();
  // updateResource keeps our ids (createResource would assign new ones).
  for (const resource of resources) await repository.updateResource(resource as unknown as MedplumResource);
  return repository;
}

/** Loads the records; a patient id loaded twice is refused. */
export async function createFhirStore(records: readonly ServedRecord[]): Promise<FhirStore> {
  indexFhirDefinitions(new Set(records.flatMap((r) => r.resources.map((resource) => resource.resourceType))));
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.patientId)) throw new Error(`patient ${record.patientId} is loaded twice`);
    seen.add(record.patientId);
  }
  const all = await repositoryOf(records.flatMap((r) => r.resources));
  const byPatient = new Map<string, MemoryRepository>();
  for (const record of records) byPatient.set(record.patientId, await repositoryOf(record.resources));
  return {
    all,
    patientIds: records.map((r) => r.patientId),
    repositoryFor: (resourceType, params) => {
      const patient = searchedPatient(resourceType, params);
      return (patient === undefined ? undefined : byPatient.get(patient)) ?? all;
    },
  };
}
