import path from 'node:path';
import { readIdRecordFile } from './knowledge-file.js';
import { compileKnowledgeSchema } from './knowledge-schema-compiler.js';
import { expandLabs, expandValueSets, readPinnedData } from './derive-value-sets.js';
import { labSourceSchema, valueSetSourceSchema } from './source-schema.js';
import type { DerivedLabsFile, DerivedValueSetsFile, LabSourceDefinition, ValueSetDefinition } from './source-types.js';

/**
 * The whole derivation as the script and the drift test run it: read `value-sets.json` and `labs.json` from the
 * knowledge folder, expand them against the third-party data vendored in the repository, return the content of the
 * two derived files.
 */

const validateValueSetSource = compileKnowledgeSchema<ValueSetDefinition>(valueSetSourceSchema);
const validateLabSource = compileKnowledgeSchema<LabSourceDefinition>(labSourceSchema);

/** Stated at the top of each derived file. */
export const GENERATED_BY =
  'scripts/derive-value-sets.ts from cds-services/knowledge/value-sets.json and labs.json; do not edit by hand (npm run knowledge:derive)';

/** Relative paths of the derived files inside the knowledge folder. */
export const DERIVED_FILES = {
  valueSets: path.join('derived', 'value-sets.expanded.json'),
  labs: path.join('derived', 'labs.expanded.json'),
} as const;

/** Where the derivation reads the vendored third-party data (each folder's README gives source and checksums). */
export interface PinnedDataDirs {
  /** The pinned FHIR ValueSet expansions, `valueset-<id>.json`. */
  readonly valueSetDir: string;
  /** The Synthea patient bundles. */
  readonly syntheaDir: string;
}

/** The vendored folders of a checkout: `cds-services/knowledge/sources/vsac/` and `fixtures/synthea/`. */
export function pinnedDataDirs(repoRoot: string): PinnedDataDirs {
  return {
    valueSetDir: path.join(repoRoot, 'cds-services', 'knowledge', 'sources', 'vsac'),
    syntheaDir: path.join(repoRoot, 'fixtures', 'synthea'),
  };
}

/** Derives both files from the knowledge folder's sources and the pinned data in `dirs`. */
export function deriveKnowledgeFiles(
  knowledgeDir: string,
  dirs: PinnedDataDirs,
): { readonly valueSets: DerivedValueSetsFile; readonly labs: DerivedLabsFile } {
  const valueSetSources = readIdRecordFile(path.join(knowledgeDir, 'value-sets.json'), validateValueSetSource);
  const labSources = readIdRecordFile(path.join(knowledgeDir, 'labs.json'), validateLabSource);
  const pinned = readPinnedData([...valueSetSources.values(), ...labSources.values()], dirs.valueSetDir, dirs.syntheaDir);
  return {
    valueSets: { generatedBy: GENERATED_BY, valueSets: expandValueSets(valueSetSources, pinned) },
    labs: { generatedBy: GENERATED_BY, labs: expandLabs(labSources, pinned) },
  };
}

/** JSON text of a derived file: two-space indent, objects of plain values on one line so reviews diff per member. */
export function formatDerivedJson(value: unknown): string {
  return `${formatValue(value, '')}\n`;
}

function formatValue(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v: unknown) => `${inner}${formatValue(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.every(([, v]) => typeof v !== 'object' || v === null)) {
      return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
    }
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatValue(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
