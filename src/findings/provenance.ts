import type { Resource } from 'fhir/r4.js';
import type { Provenance } from './finding-types.js';

/** The provenance of a finding: resource type, id and clinically relevant date, omitting what is unknown. */
export function provenanceOf(resource: Resource, date: string | undefined): Provenance {
  return {
    resourceType: resource.resourceType,
    ...(typeof resource.id === 'string' && resource.id !== '' ? { id: resource.id } : {}),
    ...(typeof date === 'string' && date !== '' ? { date } : {}),
  };
}
