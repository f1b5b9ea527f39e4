import path from 'node:path';
import { KnowledgeError } from './knowledge-error.js';
import { expandInclude, mergeExpansions, pinnedIdOf } from './expand-sources.js';
import { readPinnedValueSets, readSyntheaCodings, type PinnedData } from './pinned-data.js';
import type { DerivedLab, DerivedValueSet, LabSourceDefinition, ValueSetDefinition } from './source-types.js';

/**
 * Value-set and lab derivation: hand-written sources + pinned third-party data → the expanded members the service
 * loads. `expandValueSets`/`expandLabs` are pure; `deriveValueSets` reads the pinned files first.
 */

const VALUE_SETS_FILE = 'value-sets.json';
const LABS_FILE = 'labs.json';

/** Expands every value set (sorted by id). */
export function expandValueSets(sources: ReadonlyMap<string, ValueSetDefinition>, pinned: PinnedData): DerivedValueSet[] {
  return [...sources.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, def]) => {
      const names = def.names ?? [];
      const merged = mergeExpansions(
        def.include.map((source, i) => expandInclude(source, names, pinned, { file: VALUE_SETS_FILE, field: `${id}.include[${i}]` })),
      );
      if (merged.codes.length === 0) throw new KnowledgeError(VALUE_SETS_FILE, id, 'has no members');
      return { id, title: def.title, kind: def.kind, sources: merged.labels, names: [...names], codes: merged.codes };
    });
}

/** Expands every lab (sorted by id). */
export function expandLabs(sources: ReadonlyMap<string, LabSourceDefinition>, pinned: PinnedData): DerivedLab[] {
  return [...sources.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, def]) => {
      const merged = mergeExpansions(
        def.include.map((source, i) => expandInclude(source, [], pinned, { file: LABS_FILE, field: `${id}.include[${i}]` })),
      );
      return {
        id,
        title: def.title,
        prefetchKey: def.prefetchKey,
        canonicalUnit: def.canonicalUnit,
        ...(def.molarMass === undefined ? {} : { molarMass: def.molarMass }),
        ...(def.charge === undefined ? {} : { charge: def.charge }),
        ...(def.equations === undefined ? {} : { equations: def.equations }),
        orderCode: def.orderCode,
        sources: merged.labels,
        codes: merged.codes,
      };
    });
}

/** Reads the pinned files the sources refer to (value sets from `vsacDir`, medications from `syntheaDir`). */
export function readPinnedData(
  sources: Iterable<ValueSetDefinition | LabSourceDefinition>,
  vsacDir: string,
  syntheaDir: string,
): PinnedData {
  const ids = new Set<string>();
  for (const def of sources) for (const include of def.include) {
    const id = pinnedIdOf(include);
    if (id !== undefined) ids.add(id);
  }
  return { valueSets: readPinnedValueSets(vsacDir, ids), syntheaCodings: readSyntheaCodings(syntheaDir) };
}

/** Expands the value sets with the pinned data found in `vsacDir` and `syntheaDir`. */
export function deriveValueSets(
  sources: ReadonlyMap<string, ValueSetDefinition>,
  vsacDir: string,
  syntheaDir: string,
): DerivedValueSet[] {
  return expandValueSets(sources, readPinnedData(sources.values(), path.resolve(vsacDir), path.resolve(syntheaDir)));
}
