import { readdirSync } from 'node:fs';
import path from 'node:path';
import { KnowledgeError } from './knowledge-error.js';
import { readJsonFile } from './knowledge-file.js';

/**
 * Read-only access to the third-party data vendored in the repository: FHIR ValueSet expansions
 * (`cds-services/knowledge/sources/vsac/valueset-<id>.json`) and Synthea bundles (`fixtures/synthea/*.json`). Only the
 * derivation reads these; they are never edited (each folder's README and SHA256SUMS pin them).
 */

/** One member of a pinned value set. */
export interface PinnedMember {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

/** A pinned ValueSet: its expansion, or its `compose.include[].concept` when it has no expansion. */
export interface PinnedValueSet {
  readonly id: string;
  readonly title: string;
  readonly version?: string;
  readonly members: readonly PinnedMember[];
}

/** A medication or lab coding seen in a Synthea bundle, with the file it was first seen in. */
export interface SyntheaCoding extends PinnedMember {
  readonly file: string;
}

/** What the derivation needs from the vendored third-party data. */
export interface PinnedData {
  readonly valueSets: ReadonlyMap<string, PinnedValueSet>;
  readonly syntheaCodings: readonly SyntheaCoding[];
}

/** Reads `valueset-<id>.json` for each id from `valueSetDir`. */
export function readPinnedValueSets(valueSetDir: string, ids: Iterable<string>): ReadonlyMap<string, PinnedValueSet> {
  const sets = new Map<string, PinnedValueSet>();
  for (const id of ids) {
    const file = path.join(valueSetDir, `valueset-${id}.json`);
    const data = readJsonFile(file);
    if (!isRecord(data) || data['resourceType'] !== 'ValueSet') throw new KnowledgeError(file, '(root)', 'is not a FHIR ValueSet');
    const title = stringOf(data['title']) ?? stringOf(data['name']) ?? id;
    const version = stringOf(data['version']);
    const members = expansionMembers(data['expansion']) ?? composeMembers(data['compose']);
    if (members.length === 0) throw new KnowledgeError(file, 'expansion', 'has no members');
    sets.set(id, { id, title, ...(version === undefined ? {} : { version }), members });
  }
  return sets;
}

/**
 * Every medication coding (MedicationRequest/MedicationStatement `medicationCodeableConcept`, Medication `code`)
 * and lab coding (Observation `code`) in the bundles.
 */
export function readSyntheaCodings(syntheaDir: string): readonly SyntheaCoding[] {
  const files = readdirSync(syntheaDir).filter((f) => f.endsWith('.json')).sort();
  const seen = new Map<string, SyntheaCoding>();
  for (const file of files) {
    const bundle = readJsonFile(path.join(syntheaDir, file));
    const entries = isRecord(bundle) && Array.isArray(bundle['entry']) ? bundle['entry'] : [];
    for (const entry of entries) {
      const resource = isRecord(entry) ? entry['resource'] : undefined;
      for (const member of clinicalCodings(resource)) {
        const key = `${member.system}|${member.code}`;
        if (!seen.has(key)) seen.set(key, { ...member, file });
      }
    }
  }
  return [...seen.values()];
}

function clinicalCodings(resource: unknown): readonly PinnedMember[] {
  if (!isRecord(resource)) return [];
  const type = resource['resourceType'];
  const concept =
    type === 'MedicationRequest' || type === 'MedicationStatement'
      ? resource['medicationCodeableConcept']
      : type === 'Medication' || type === 'Observation'
        ? resource['code']
        : undefined;
  const codings = isRecord(concept) && Array.isArray(concept['coding']) ? concept['coding'] : [];
  return codings.flatMap((c: unknown) => memberOf(c, undefined));
}

function expansionMembers(expansion: unknown): readonly PinnedMember[] | undefined {
  if (!isRecord(expansion) || !Array.isArray(expansion['contains'])) return undefined;
  return expansion['contains'].flatMap((c: unknown) => memberOf(c, undefined));
}

function composeMembers(compose: unknown): readonly PinnedMember[] {
  const includes = isRecord(compose) && Array.isArray(compose['include']) ? compose['include'] : [];
  return includes.flatMap((include: unknown) => {
    if (!isRecord(include) || !Array.isArray(include['concept'])) return [];
    const system = stringOf(include['system']);
    return include['concept'].flatMap((c: unknown) => memberOf(c, system));
  });
}

function memberOf(value: unknown, defaultSystem: string | undefined): PinnedMember[] {
  if (!isRecord(value)) return [];
  const system = stringOf(value['system']) ?? defaultSystem;
  const code = stringOf(value['code']);
  const display = stringOf(value['display']);
  if (system === undefined || code === undefined) return [];
  return [{ system, code, ...(display === undefined ? {} : { display }) }];
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
