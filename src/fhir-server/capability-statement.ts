import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4.js';

/**
 * `GET /metadata` (FHIR R4 "capabilities"): what the local server does, read-only. Clients such as the CDS Hooks
 * sandbox read it first and check `fhirVersion`.
 */

function resourceCapability(type: string): CapabilityStatementRestResource {
  const params = Object.values(getSearchParameters(type) ?? {});
  return {
    type: type as CapabilityStatementRestResource['type'],
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    ...(type === 'MedicationRequest' || type === 'MedicationStatement' ? { searchInclude: [`${type}:medication`] } : {}),
    searchParam: params.flatMap((p) => (p.code && p.type ? [{ name: p.code, type: p.type }] : [])),
  };
}

/** The CapabilityStatement for a server holding these resource types. */
export function capabilityStatement(resourceTypes: readonly string[], date: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'leg-cramp-cds local FHIR server (npm run fhir)' },
    implementation: { description: 'Read-only FHIR R4 server of local patient bundles, for development' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [{ mode: 'server', resource: [...resourceTypes].sort().map(resourceCapability) }],
  };
}
