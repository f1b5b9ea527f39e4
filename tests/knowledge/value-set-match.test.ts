import type { Code, MedicationFinding } from '../../src/findings/finding-types.js';
import type { ValueSet } from '../../src/knowledge/knowledge-types.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { inValueSet, matchesByName, medicationInSet } from '../../src/knowledge/value-set-match.js';

// dimensions: system aliases and ICD-10-CM dots · combination products · Synthea codes (incl. the "Simvistatin"
// typo) · name fallback (whole words, salts, only when no code matches) · uncoded medications

const knowledge = loadKnowledge('cds-services');
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

function set(id: string): ValueSet {
  const vs = knowledge.valueSets[id];
  if (vs === undefined) throw new Error(`no value set ${id}`);
  return vs;
}

function medication(codes: readonly Code[], names: readonly string[]): MedicationFinding {
  return { codes, names, label: names[0] ?? 'medication', origin: 'statement', isSelected: false, source: { resourceType: 'MedicationStatement' } };
}

describe('inValueSet', () => {
  const cases: readonly { readonly name: string; readonly code: Code; readonly setId: string; readonly expected: boolean }[] = [
    { name: 'G25.81 is RLS', code: { system: ICD, code: 'G25.81' }, setId: 'rls', expected: true },
    { name: 'undotted G2581 is RLS', code: { system: ICD, code: 'G2581' }, setId: 'rls', expected: true },
    { name: 'the ICD-10-CM OID alias is RLS', code: { system: 'urn:oid:2.16.840.1.113883.6.90', code: 'g25.81' }, setId: 'rls', expected: true },
    { name: 'G25.81 under another system is not RLS', code: { system: 'http://snomed.info/sct', code: 'G25.81' }, setId: 'rls', expected: false },
    // ICD-10-CM subdivisions match through their ancestors (G20 became the category of G20.A1–G20.C in FY2024).
    { name: 'G20.A1 lies under G20: Parkinson disease', code: { system: ICD, code: 'G20.A1' }, setId: 'parkinson-disease', expected: true },
    { name: 'undotted lower-case g20c lies under G20', code: { system: ICD, code: 'g20c' }, setId: 'parkinson-disease', expected: true },
    { name: 'G25.8, the parent of G25.81, is not RLS (ancestors only, never descendants)', code: { system: ICD, code: 'G25.8' }, setId: 'rls', expected: false },
    { name: 'G2, shorter than a category, is not Parkinson disease', code: { system: ICD, code: 'G2' }, setId: 'parkinson-disease', expected: false },
    { name: 'a SNOMED code is never truncated: 490490001 is not 49049000', code: { system: 'http://snomed.info/sct', code: '490490001' }, setId: 'parkinson-disease', expected: false },
    { name: 'atenolol/chlorthalidone 197382 is a diuretic', code: { system: RXNORM, code: '197382' }, setId: 'diuretics', expected: true },
    { name: "Synthea's HCTZ 316049 is a diuretic", code: { system: RXNORM, code: '316049' }, setId: 'diuretics', expected: true },
    { name: "Synthea's 'Lasix 40mg' 315971 is a diuretic", code: { system: RXNORM, code: '315971' }, setId: 'diuretics', expected: true },
    { name: "Synthea's 'Simvistatin 10 MG' 316672 is a statin", code: { system: RXNORM, code: '316672' }, setId: 'statins', expected: true },
    { name: "Synthea's simvastatin 20 MG 312961 is a statin", code: { system: RXNORM, code: '312961' }, setId: 'statins', expected: true },
    { name: "Synthea's sertraline 328670 is an SSRI", code: { system: RXNORM, code: '328670' }, setId: 'ssris', expected: true },
    { name: "Synthea's diphenhydramine 1049630 is a sedating antihistamine", code: { system: RXNORM, code: '1049630' }, setId: 'sedating-antihistamines', expected: true },
    { name: 'fluoxetine/olanzapine 403969 is a dopamine antagonist', code: { system: RXNORM, code: '403969' }, setId: 'dopamine-antagonists', expected: true },
    { name: 'spironolactone 100 MG 198222 is a diuretic', code: { system: RXNORM, code: '198222' }, setId: 'diuretics', expected: true },
    { name: 'spironolactone 100 MG 198222 does not lose potassium', code: { system: RXNORM, code: '198222' }, setId: 'potassium-wasting-diuretics', expected: false },
    { name: 'triamterene 100 MG 198312 does not lose potassium', code: { system: RXNORM, code: '198312' }, setId: 'potassium-wasting-diuretics', expected: false },
    { name: "Synthea's HCTZ 316049 loses potassium", code: { system: RXNORM, code: '316049' }, setId: 'potassium-wasting-diuretics', expected: true },
    { name: 'atenolol/chlorthalidone 197382 loses potassium', code: { system: RXNORM, code: '197382' }, setId: 'potassium-wasting-diuretics', expected: true },
    { name: 'a statin is not a diuretic', code: { system: RXNORM, code: '316672' }, setId: 'diuretics', expected: false },
    { name: 'CPT 95810 is polysomnography', code: { system: 'http://www.ama-assn.org/go/cpt', code: '95810' }, setId: 'polysomnography', expected: true },
    { name: 'home sleep test G0399 is not polysomnography', code: { system: 'urn:oid:2.16.840.1.113883.6.285', code: 'G0399' }, setId: 'polysomnography', expected: false },
  ];
  test.each(cases)('$name', ({ code, setId, expected }) => {
    expect(inValueSet([code], set(setId))).toBe(expected);
  });
});

describe('matchesByName and medicationInSet', () => {
  const cases: readonly {
    readonly name: string;
    readonly codes: readonly Code[];
    readonly names: readonly string[];
    readonly setId: string;
    readonly expected: boolean;
  }[] = [
    { name: 'an uncoded pramipexole text is dopaminergic', codes: [], names: ['pramipexole 0.25 mg tablet at night'], setId: 'dopaminergic-agents', expected: true },
    { name: 'a local code with a carbidopa-levodopa display is dopaminergic', codes: [{ system: 'urn:local', code: 'X1' }], names: ['carbidopa-levodopa 25-100'], setId: 'dopaminergic-agents', expected: true },
    { name: 'a brand-name RxNorm code outside the expansion matches by its display', codes: [{ system: RXNORM, code: '0000' }], names: ['furosemide 40 mg oral tablet [lasix]'], setId: 'diuretics', expected: true },
    { name: 'venlafaxine is not found inside desvenlafaxine text as a TCA', codes: [], names: ['desvenlafaxine 50 mg'], setId: 'tricyclic-antidepressants', expected: false },
    { name: 'penicillin V potassium is not a potassium supplement', codes: [], names: ['penicillin v potassium 500 mg oral tablet'], setId: 'potassium-supplements', expected: false },
    { name: 'potassium chloride ER is a potassium supplement', codes: [], names: ['Potassium Chloride 20 MEQ Extended Release Oral Tablet'], setId: 'potassium-supplements', expected: true },
    { name: 'esomeprazole magnesium is not a magnesium supplement', codes: [], names: ['esomeprazole magnesium 40 mg'], setId: 'magnesium-supplements', expected: false },
    { name: 'a medication without codes or names is in no set', codes: [], names: [], setId: 'quinine', expected: false },
    { name: 'quinine sulfate text is quinine', codes: [], names: ['quinine sulfate 324 mg capsule'], setId: 'quinine', expected: true },
    { name: 'quinidine is not quinine', codes: [], names: ['quinidine gluconate 324 mg'], setId: 'quinine', expected: false },
  ];
  test.each(cases)('$name', ({ codes, names, setId, expected }) => {
    expect(medicationInSet(medication(codes, names), set(setId))).toBe(expected);
  });

  test('condition value sets have no names, so nothing matches them by name', () => {
    expect(matchesByName(['restless legs syndrome'], set('rls'))).toBe(false);
  });

  test('a value set built by hand (as tests do) compiles its matcher on first use', () => {
    const vs: ValueSet = { id: 'x', title: 'X', keys: new Set(), names: ['ropinirole'], sources: ['test'] };
    expect(matchesByName(['Ropinirole 1 MG Oral Tablet'], vs)).toBe(true);
  });
});

describe('labs', () => {
  test.each([
    ['98979-8', 'egfr'],
    ['33914-3', 'egfr'],
    ['38483-4', 'creatinine'],
    ['2339-0', 'glucose'],
  ])('LOINC %s is read as the %s lab (VSAC or, for Synthea, the Synthea data)', (code, labId) => {
    expect(knowledge.labs[labId]?.keys.has(`http://loinc.org|${code}`)).toBe(true);
  });
});
