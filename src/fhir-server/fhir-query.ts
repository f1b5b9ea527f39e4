import { getStatus } from '@medplum/core';
import { FhirRouter, type MemoryRepository } from '@medplum/fhir-router';
import type { OperationOutcome as MedplumOutcome } from '@medplum/fhirtypes';
import type { FhirResource } from 'fhir/r4.js';

/**
 * One FHIR read or search (`<Type>/<id>` or `<Type>?<params>`) answered by medplum's FhirRouter on a repository:
 * the HTTP status and the resource (the result, or the OperationOutcome of a failure).
 */
export interface FhirAnswer {
  readonly status: number;
  readonly resource: FhirResource;
}

const router = new FhirRouter();

export async function queryRepository(repository: MemoryRepository, url: string): Promise<FhirAnswer> {
  const [outcome, resource] = await router.handleRequest({ method: 'GET', url, pathname: '', body: undefined, params: {}, query: {} }, repository);
  if (resource) return { status: 200, resource: resource as unknown as FhirResource };
  return { status: getStatus(outcome as MedplumOutcome), resource: outcome as unknown as FhirResource };
}
