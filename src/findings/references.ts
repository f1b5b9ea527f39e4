import type { FhirResource, Resource } from 'fhir/r4.js';

/** Narrows a typed resource of unknown kind (e.g. a draft order) by its `resourceType`. */
export function isResourceOfType<T extends FhirResource['resourceType']>(
  resource: Resource,
  resourceType: T,
): resource is Extract<FhirResource, { resourceType: T }> {
  return resource.resourceType === resourceType;
}

const TYPE = /^[A-Z][A-Za-z]+$/;
const UUID_URN = /^urn:(uuid|oid):(.+)$/;

/**
 * A literal reference as `Type/id`: relative (`Medication/1`), absolute (`https://ehr/fhir/Medication/1`)
 * and versioned (`…/_history/2`) forms fold to the same string (FHIR R4 §2.3.0.4 "Literal references").
 * `urn:uuid:` references, as inside transaction bundles, take `typeForUrn` when given.
 * Contained (`#id`) and conditional (`Type?query`) references give undefined.
 */
export function toRelativeRef(reference: string, typeForUrn?: string): string | undefined {
  const trimmed = reference.trim();
  const urn = UUID_URN.exec(trimmed);
  if (urn !== null) return typeForUrn === undefined ? undefined : `${typeForUrn}/${urn[2]}`;
  if (trimmed.startsWith('#') || trimmed.includes('?')) return undefined;
  const segments = trimmed.replace(/\/_history\/[^/]*$/, '').replace(/\/+$/, '').split('/');
  const [type, id] = segments.slice(-2);
  return type !== undefined && id !== undefined && TYPE.test(type) && id !== '' ? `${type}/${id}` : undefined;
}
