import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4.js';

/**
 * Guards for values that arrive as `unknown` (prefetch values, FHIR server answers). They check only
 * what gather relies on (`resourceType`, `entry`); the shape of clinical elements is findings' job.
 */

/** A non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any object with a string `resourceType`; the union type is narrowed by switching on `resourceType`. */
export function isFhirResource(value: unknown): value is FhirResource {
  return isObject(value) && typeof value['resourceType'] === 'string' && value['resourceType'] !== '';
}

/** A Bundle of any type (the sandbox sends Bundles without `type`). */
export function isBundle(value: FhirResource): value is Bundle {
  return value.resourceType === 'Bundle';
}

/** An OperationOutcome: CDS Hooks 2.0 "Prefetch Template" says clients SHOULD report prefetch errors this way. */
export function isOperationOutcome(value: FhirResource): value is OperationOutcome {
  return value.resourceType === 'OperationOutcome';
}

/** The resources of one Bundle page; entries without a resource, or with something that is not one, are skipped. */
export function bundleResources(bundle: Bundle): FhirResource[] {
  const entries: unknown = bundle.entry;
  if (!Array.isArray(entries)) return [];
  const resources: FhirResource[] = [];
  for (const entry of entries) {
    if (isObject(entry) && isFhirResource(entry['resource'])) resources.push(entry['resource']);
  }
  return resources;
}

/** The `reference` string of a Reference-shaped value, if it has one. */
export function referenceOf(value: unknown): string | undefined {
  return isObject(value) && typeof value['reference'] === 'string' ? value['reference'] : undefined;
}
