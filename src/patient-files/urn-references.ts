import type { Bundle, Resource } from 'fhir/r4.js';

/**
 * Synthea writes transaction Bundles whose entries are `fullUrl: urn:uuid:<id>` and whose references are
 * `urn:uuid:<id>` (FHIR R4 "Resolving references in Bundles"). A FHIR server keeps them as `<Type>/<id>` once
 * the transaction is processed; we do the same rewrite, on copies, so the loaded record reads like a server's.
 */

/** `urn:uuid:<x>` fullUrl → `<Type>/<id>` for every entry whose resource has a type (and an id, or takes the uuid). */
function referenceTargets(bundle: Bundle): Map<string, string> {
  const targets = new Map<string, string>();
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (!entry.fullUrl?.startsWith('urn:uuid:') || !resource) continue;
    const id = resource.id ?? entry.fullUrl.slice('urn:uuid:'.length);
    targets.set(entry.fullUrl, `${resource.resourceType}/${id}`);
  }
  return targets;
}

/** A deep copy of `value` with every `reference` that names a key of `targets` replaced. */
export function rewriteReferences<T>(value: T, rewrite: (reference: string) => string | undefined): T {
  return JSON.parse(JSON.stringify(value), (key: string, item: unknown) =>
    key === 'reference' && typeof item === 'string' ? (rewrite(item) ?? item) : item,
  ) as T;
}

/** The Bundle's resources with `urn:uuid:` references rewritten to `<Type>/<id>` and ids taken from fullUrl when absent. */
export function resourcesWithServerReferences(bundle: Bundle): Resource[] {
  const targets = referenceTargets(bundle);
  return (bundle.entry ?? []).flatMap((entry) => {
    if (!entry.resource) return [];
    const id = entry.resource.id ?? (entry.fullUrl?.startsWith('urn:uuid:') ? entry.fullUrl.slice('urn:uuid:'.length) : undefined);
    const resource = rewriteReferences(entry.resource as Resource, (reference) => targets.get(reference));
    return [id === undefined ? resource : { ...resource, id }];
  });
}
