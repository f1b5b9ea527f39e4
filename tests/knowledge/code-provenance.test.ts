import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, Observation } from 'fhir/r4.js';
import { readPinnedValueSets } from '../../src/knowledge/pinned-data.js';
import type { DerivedLabsFile, DerivedValueSetsFile, LabSourceDefinition, ValueSetDefinition, ValueSetSource } from '../../src/knowledge/source-types.js';
import { vendoredCopy } from '../support/vendored.js';

// Provenance of every code the knowledge lists by hand, kept as data in cds-services/knowledge/sources/code-provenance.json:
// each hand-listed code and each unit has an entry naming the public file that holds it; every entry is still used;
// entries that cite a vendored file really are in it; no code marked unverified is used anywhere.

interface ProvenanceEntry {
  readonly system: string;
  readonly code: string;
  readonly status: 'V' | 'V2';
  readonly sources: readonly string[];
}
interface UnitEntry {
  readonly unit: string;
  readonly sources: readonly string[];
}
interface Unverified {
  readonly system: string;
  readonly code: string;
  readonly why: string;
}
interface ProvenanceFile {
  readonly codes: readonly ProvenanceEntry[];
  readonly units: readonly UnitEntry[];
  readonly unverified: readonly Unverified[];
}

const knowledgeDir = path.resolve('cds-services', 'knowledge');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(knowledgeDir, file), 'utf8')) as T;
const provenance = readJson<ProvenanceFile>(path.join('sources', 'code-provenance.json'));
const valueSetSources = readJson<Record<string, ValueSetDefinition | string>>('value-sets.json');
const labSources = readJson<Record<string, LabSourceDefinition | string>>('labs.json');
const thresholds = readJson<Record<string, { readonly unit?: string } | string>>('thresholds.json');
const derivedValueSets = readJson<DerivedValueSetsFile>(path.join('derived', 'value-sets.expanded.json'));
const derivedLabs = readJson<DerivedLabsFile>(path.join('derived', 'labs.expanded.json'));

const key = (c: { readonly system: string; readonly code: string }): string => `${c.system}|${c.code}`;
const definitions = <T>(record: Record<string, T | string>): [string, T][] =>
  Object.entries(record).flatMap(([id, def]) => (id === '$comment' || typeof def === 'string' ? [] : [[id, def] as [string, T]]));

/** Every code written by hand in a listed source of value-sets.json or labs.json, with where it is written. */
const handListed = [...definitions(valueSetSources), ...definitions(labSources)].flatMap(([id, def]) =>
  def.include.flatMap((source: ValueSetSource) => ('source' in source ? source.codes.map((c) => ({ where: id, ...c })) : [])),
);
/** Every code the shipped knowledge holds: derived members of value sets and labs, and the labs' order codes. */
const shipped = [
  ...derivedValueSets.valueSets.flatMap((vs) => vs.codes.map((c) => ({ where: vs.id, ...c }))),
  ...derivedLabs.labs.flatMap((lab) => [...lab.codes, lab.orderCode].map((c) => ({ where: `lab ${lab.id}`, ...c }))),
];
const unitsUsed = new Set([
  ...definitions(labSources).flatMap(([, lab]) => [lab.canonicalUnit, ...(lab.equations ?? []).map((e) => e.fromUnit)]),
  ...definitions(thresholds).flatMap(([, t]) => (t.unit === undefined ? [] : [t.unit])),
]);

const REPOSITORY_FILE = /^[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}:\S.*$/;
const WEB_PAGE = /^https:\/\/[\w.-]+\.[a-z]{2,}(\/\S*)?( \(.+\))?$/;
const INDEX_ONLY = /^index-only: \S.+$/;

describe('code provenance', () => {
  test('every hand-listed code has an entry', () => {
    const known = new Set(provenance.codes.map(key));
    expect(handListed.filter((c) => !known.has(key(c))).map((c) => `${c.where}: ${key(c)}`)).toEqual([]);
  });

  test('every entry is still listed by hand (no stale rows) and appears once', () => {
    const listed = new Set(handListed.map(key));
    expect(provenance.codes.filter((e) => !listed.has(key(e))).map(key)).toEqual([]);
    expect(provenance.codes.length).toBe(new Set(provenance.codes.map(key)).size);
  });

  test('every source is a public file (repository@commit:path), a web page, or a V2 index-only note; never codes.md', () => {
    const bad = provenance.codes.flatMap((e) =>
      e.sources.length === 0
        ? [`${key(e)}: no source`]
        : e.sources
            .filter((s) => /codes\.md/.test(s) || !(REPOSITORY_FILE.test(s) || WEB_PAGE.test(s) || (e.status === 'V2' && INDEX_ONLY.test(s))))
            .map((s) => `${key(e)}: ${s}`),
    );
    expect(bad).toEqual([]);
  });

  test('an entry that cites a vendored value set is a member of that file', () => {
    const cited = provenance.codes.flatMap((e) =>
      e.sources.flatMap((source) => {
        const copy = vendoredCopy(source);
        return copy?.includes(`${path.sep}vsac${path.sep}`) ? [{ e, copy }] : [];
      }),
    );
    expect(cited.length).toBeGreaterThan(20);
    const missing = cited.filter(({ e, copy }) => {
      const id = path.basename(copy).replace(/^valueset-/, '').replace(/\.json$/, '');
      const members = readPinnedValueSets(path.dirname(copy), [id]).get(id)?.members ?? [];
      return !members.some((m) => m.system === e.system && m.code === e.code);
    });
    expect(missing.map(({ e, copy }) => `${key(e)} not in ${path.basename(copy)}`)).toEqual([]);
  });

  test('every unit of labs.json and thresholds.json has an entry, and every entry is used', () => {
    const known = new Set(provenance.units.map((u) => u.unit));
    expect([...unitsUsed].filter((u) => !known.has(u))).toEqual([]);
    expect(provenance.units.map((u) => u.unit).filter((u) => !unitsUsed.has(u))).toEqual([]);
    expect(provenance.units.flatMap((u) => u.sources.filter((s) => !REPOSITORY_FILE.test(s)).map((s) => `${u.unit}: ${s}`))).toEqual([]);
  });

  test('a unit that cites a vendored Synthea bundle is the UCUM code of one of its Observations', () => {
    const cited = provenance.units.flatMap((u) => u.sources.flatMap((s) => (vendoredCopy(s)?.includes('synthea') ? [{ u, file: vendoredCopy(s) ?? '' }] : [])));
    expect(cited.length).toBeGreaterThan(0);
    const missing = cited.filter(({ u, file }) => {
      const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
      const observations = (bundle.entry ?? []).flatMap(({ resource }) => (resource?.resourceType === 'Observation' ? [resource as Observation] : []));
      return !observations.some((o) => o.valueQuantity?.system === 'http://unitsofmeasure.org' && o.valueQuantity.code === u.unit);
    });
    expect(missing.map(({ u, file }) => `${u.unit} not in ${path.basename(file)}`)).toEqual([]);
  });

  test('no code marked unverified is used anywhere in the knowledge (matched on the code alone, in any system)', () => {
    expect(provenance.unverified.map((u) => u.code)).toEqual(expect.arrayContaining(['644', '302226006', '446841001', '77194-9', '95782', '95909']));
    const banned = new Set(provenance.unverified.map((u) => u.code));
    const used = [...shipped, ...handListed].filter((c) => banned.has(c.code));
    expect(used.map((c) => `${c.where}: ${key(c)}`)).toEqual([]);
    expect(provenance.codes.filter((e) => banned.has(e.code)).map(key)).toEqual([]);
  });
});
