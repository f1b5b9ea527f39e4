import { codesOf, isCodeableConcept, labelOf, namesOf, statusCodesOf } from '../../src/findings/codes.js';
import { canonicalSystem, codeKey, SYSTEMS } from '../../src/knowledge/code-key.js';
import { coding, concept, icd10, rxnorm } from '../support/fhir-builders.js';
import { valueSet } from '../support/knowledge-builder.js';

describe('codesOf', () => {
  test('keeps every coding with system and code, system canonicalised, display when present', () => {
    const codes = codesOf(
      concept([icd10('G25.81', 'Restless legs syndrome'), coding('urn:oid:2.16.840.1.113883.6.88', '72302')]),
    );
    expect(codes).toEqual([
      { system: SYSTEMS.icd10cm, code: 'G25.81', display: 'Restless legs syndrome' },
      { system: SYSTEMS.rxnorm, code: '72302' },
    ]);
  });

  test('skips codings without system or code and drops duplicates', () => {
    const codes = codesOf({
      coding: [{ code: 'G25.81' }, { system: SYSTEMS.icd10cm }, rxnorm('9071'), rxnorm(' 9071 '), { system: SYSTEMS.rxnorm, code: '' }],
    });
    expect(codes).toEqual([{ system: SYSTEMS.rxnorm, code: '9071' }]);
  });

  test('gives nothing for an absent concept', () => {
    expect(codesOf(undefined)).toEqual([]);
  });

  // ICD-10-CM arrives dotted (G25.81) or undotted (G2581); codeKey folds both, so value sets match either.
  test.each(['G25.81', 'G2581', 'g25.81'])('ICD-10-CM %s matches a value set written G25.81', (code) => {
    const rls = valueSet('rls', [icd10('G25.81')]);
    const [found] = codesOf(concept([icd10(code)]));
    expect(found && rls.keys.has(codeKey(found.system, found.code))).toBe(true);
  });
});

describe('labelOf', () => {
  const cases = [
    { name: 'text wins', value: concept([rxnorm('9071', 'quinine')], 'Quinine 324 mg'), expected: 'Quinine 324 mg' },
    { name: 'then the first display', value: concept([rxnorm('9071'), rxnorm('9075', 'quinine sulfate')]), expected: 'quinine sulfate' },
    { name: 'then the first code', value: concept([rxnorm('9071'), rxnorm('9075')]), expected: '9071' },
    { name: 'blank text is no text', value: concept([rxnorm('9071', 'quinine')], '  '), expected: 'quinine' },
    { name: 'nothing gives undefined', value: concept([]), expected: undefined },
  ];
  test.each(cases)('$name', ({ value, expected }) => {
    expect(labelOf(value)).toBe(expected);
  });
});

test('namesOf lower-cases text and every display', () => {
  expect(namesOf(concept([rxnorm('9071', 'Quinine'), rxnorm('9075', 'Quinine Sulfate')], 'QUALAQUIN'))).toEqual([
    'qualaquin',
    'quinine',
    'quinine sulfate',
  ]);
});

test('statusCodesOf reads codes of the given system and codings without a system', () => {
  const system = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
  const value = { coding: [coding(system, 'active'), { code: 'relapse' }, coding('http://example.org', 'resolved')] };
  expect(statusCodesOf(value, [system])).toEqual(['active', 'relapse']);
});

test.each([
  [{ coding: [] }, true],
  [{ text: 'PSG' }, true],
  [{}, true],
  ['95810', false],
  [null, false],
  [[{ coding: [] }], false],
  [{ coding: 'x' }, false],
])('isCodeableConcept(%j) is %s', (value, expected) => {
  expect(isCodeableConcept(value)).toBe(expected);
});

describe('canonicalSystem', () => {
  test.each(Object.values(SYSTEMS))('the canonical URI %s is its own canonical form', (system) => {
    expect(canonicalSystem(system)).toBe(system);
  });

  test.each([
    ['urn:oid:2.16.840.1.113883.6.96', SYSTEMS.snomed],
    ['http://snomed.info/sct/', SYSTEMS.snomed],
    [' http://loinc.org ', SYSTEMS.loinc],
    ['http://loinc.org/', SYSTEMS.loinc],
    ['https://www.ama-assn.org/go/cpt', SYSTEMS.cpt],
    ['http://example.org/local/', 'http://example.org/local'],
  ])('%s folds to %s', (system, canonical) => {
    expect(canonicalSystem(system)).toBe(canonical);
  });
});

describe('hostile codings from the EHR', () => {
  const hostile = (value: unknown) => ({ coding: value }) as Parameters<typeof codesOf>[0];
  test('null and non-object codings are skipped, not a crash', () => {
    expect(codesOf(hostile([null, 7, 'x', icd10('G47.62')]))).toEqual([{ system: SYSTEMS.icd10cm, code: 'G47.62' }]);
    expect(labelOf(hostile([null]))).toBeUndefined();
  });
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a coding system named %s is kept as an unknown system', (system) => {
    expect(codesOf(concept([coding(system, 'x')]))).toEqual([{ system, code: 'x' }]);
    expect(codeKey(system, 'x')).toBe(`${system}|x`);
  });
});
