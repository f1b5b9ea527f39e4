import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DERIVED_FILES, deriveKnowledgeFiles, formatDerivedJson, pinnedDataDirs } from '../../src/knowledge/derive-knowledge.js';
import { expandValueSets } from '../../src/knowledge/derive-value-sets.js';
import { KnowledgeError } from '../../src/knowledge/knowledge-error.js';
import type { PinnedData } from '../../src/knowledge/pinned-data.js';
import type { ValueSetDefinition } from '../../src/knowledge/source-types.js';

// dimensions: drift of the committed derived files · display filters (include/exclude, combinations, whole words)
// · explicit code filter · Synthea by names / by code · disallowed system · first source wins, sorted output

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const knowledgeDir = path.resolve('cds-services', 'knowledge');

describe('committed derived files', () => {
  // The vendored VSAC expansions and Synthea bundles are in the repository: a missing one fails the derivation here.
  const derived = deriveKnowledgeFiles(knowledgeDir, pinnedDataDirs(process.cwd()));

  test('value-sets.expanded.json equals a fresh derivation (run `npm run knowledge:derive` after editing value-sets.json)', () => {
    const committed: unknown = JSON.parse(readFileSync(path.join(knowledgeDir, DERIVED_FILES.valueSets), 'utf8'));
    expect(committed).toEqual(derived.valueSets);
  });

  test('labs.expanded.json equals a fresh derivation', () => {
    const committed: unknown = JSON.parse(readFileSync(path.join(knowledgeDir, DERIVED_FILES.labs), 'utf8'));
    expect(committed).toEqual(derived.labs);
  });

  test('the committed files are formatted as the script writes them', () => {
    expect(readFileSync(path.join(knowledgeDir, DERIVED_FILES.valueSets), 'utf8')).toBe(formatDerivedJson(derived.valueSets));
    expect(readFileSync(path.join(knowledgeDir, DERIVED_FILES.labs), 'utf8')).toBe(formatDerivedJson(derived.labs));
  });
});

describe('expandValueSets', () => {
  const pinned: PinnedData = {
    valueSets: new Map([
      [
        '1.2.3',
        {
          id: '1.2.3',
          title: 'Diuretics',
          version: '2024',
          members: [
            { system: RXNORM, code: '197382', display: 'atenolol 100 MG / chlorthalidone 25 MG Oral Tablet' },
            { system: RXNORM, code: '310798', display: 'hydrochlorothiazide 25 MG Oral Tablet' },
            { system: RXNORM, code: '999', display: 'desvenlafaxine 50 MG' },
            { system: RXNORM, code: '1000', display: 'furosemide 10 MG/ML Injection' },
          ],
        },
      ],
    ]),
    syntheaCodings: [
      { system: RXNORM, code: '316049', display: 'Hydrochlorothiazide 25 MG', file: 'a.json' },
      { system: RXNORM, code: '316672', display: 'Simvistatin 10 MG', file: 'b.json' },
      { system: RXNORM, code: '834102', display: 'Penicillin V Potassium 500 MG Oral Tablet', file: 'b.json' },
    ],
  };
  const expand = (def: ValueSetDefinition): readonly string[] =>
    (expandValueSets(new Map([['test-set', def]]), pinned)[0]?.codes ?? []).map((c) => `${c.code}@${c.source}`);
  const base = { title: 'Test', kind: 'medication', decision: 'test' } as const;

  const cases: readonly { readonly name: string; readonly def: ValueSetDefinition; readonly codes: readonly string[] }[] = [
    { name: 'a combination counts for each of its ingredients', def: { ...base, include: [{ vsac: '1.2.3', displayIncludes: ['chlorthalidone'] }] }, codes: ['197382@vsac:1.2.3'] },
    { name: 'display words match whole words only', def: { ...base, include: [{ vsac: '1.2.3', displayIncludes: ['venlafaxine'] }] }, codes: [] },
    { name: 'displayExcludes drops members', def: { ...base, include: [{ vsac: '1.2.3', displayExcludes: ['injection', 'desvenlafaxine'] }] }, codes: ['197382@vsac:1.2.3', '310798@vsac:1.2.3'] },
    { name: 'an explicit code list keeps only those codes', def: { ...base, include: [{ vsac: '1.2.3', codes: ['1000'] }] }, codes: ['1000@vsac:1.2.3'] },
    { name: 'Synthea codes are added by name', def: { ...base, names: ['hydrochlorothiazide'], include: [{ synthea: 'names' }] }, codes: ['316049@synthea:a.json'] },
    { name: 'a Synthea code is added by code with its source file', def: { ...base, include: [{ synthea: 'codes', codes: ['316672'], why: 'typo' }] }, codes: ['316672@synthea:b.json'] },
    {
      name: 'the first source of a code wins and codes come out sorted',
      def: { ...base, include: [{ source: 'review B1', codes: [{ system: RXNORM, code: '5487' }, { system: RXNORM, code: '1000' }] }, { vsac: '1.2.3', codes: ['1000'] }] },
      codes: ['1000@review B1', '5487@review B1'],
    },
  ];

  test.each(cases)('$name', ({ def, codes }) => {
    if (codes.length === 0) {
      expect(() => expand(def)).toThrow(KnowledgeError);
      return;
    }
    expect(expand(def)).toEqual(codes);
  });

  const errors: readonly { readonly name: string; readonly def: ValueSetDefinition; readonly message: RegExp }[] = [
    { name: 'a code filter naming a code absent from the file', def: { ...base, include: [{ vsac: '1.2.3', codes: ['42'] }] }, message: /test-set\.include\[0\]: code 42 is not in 1\.2\.3/ },
    { name: 'a Synthea code absent from the data', def: { ...base, include: [{ synthea: 'codes', codes: ['42'], why: 'x' }] }, message: /does not occur in the Synthea data/ },
    { name: 'a code system outside the allow-list', def: { ...base, include: [{ source: 'x', codes: [{ system: 'http://example.org', code: '1' }] }] }, message: /code system http:\/\/example\.org is not allowed/ },
    { name: 'a value set that was not read', def: { ...base, include: [{ vsac: '9.9' }] }, message: /pinned value set 9\.9 was not read/ },
  ];

  test.each(errors)('rejects $name', ({ def, message }) => {
    expect(() => expand(def)).toThrow(message);
  });
});
