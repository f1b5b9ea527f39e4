import type { Code, MedicationFinding, ProblemFinding } from '../../src/findings/finding-types.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { firstIdIn, firstMedicationSet, valueSetIdsOf, withValueSetIds } from '../../src/knowledge/value-set-index.js';
import { inValueSet, medicationInSet } from '../../src/knowledge/value-set-match.js';
import { valueSet } from '../support/knowledge-builder.js';

// dimensions: a code in two sets · ICD-10-CM ancestors through the index · hand-built value sets · the drug-name
// fallback · two knowledge objects asked about the same findings · agreement with the one-set tests on the shipped sets

const ICD = SYSTEMS.icd10cm;
const SNOMED = SYSTEMS.snomed;
const RXNORM = SYSTEMS.rxnorm;

function problem(codes: readonly Code[]): ProblemFinding {
  return { codes, label: 'problem', source: { resourceType: 'Condition' } };
}

function medication(codes: readonly Code[], names: readonly string[]): MedicationFinding {
  return { codes, names, label: names[0] ?? 'medication', origin: 'statement', isSelected: false, source: { resourceType: 'MedicationStatement' } };
}

// Two sets share G25.81; 'parkinson' lists the category G20 only; 'ropinirole' is a drug set with a name.
const handBuilt = {
  rls: valueSet('rls', [{ system: ICD, code: 'G25.81' }]),
  'sleep-movement': valueSet('sleep-movement', [{ system: ICD, code: 'G25.81' }, { system: SNOMED, code: '32914008' }]),
  parkinson: valueSet('parkinson', [{ system: ICD, code: 'G20' }]),
  ropinirole: valueSet('ropinirole', [{ system: RXNORM, code: '314231' }], { names: ['ropinirole'] }),
};

describe('valueSetIdsOf', () => {
  test('a code in two value sets is in both, and in no other', () => {
    expect([...valueSetIdsOf([{ system: ICD, code: 'G25.81' }], handBuilt)].sort()).toEqual(['rls', 'sleep-movement']);
  });

  test('an ICD-10-CM subdivision is found under the category a set lists (G20.A1 under G20), dotted or not', () => {
    expect([...valueSetIdsOf([{ system: ICD, code: 'G20.A1' }], handBuilt)]).toEqual(['parkinson']);
    expect([...valueSetIdsOf([{ system: 'urn:oid:2.16.840.1.113883.6.90', code: 'g20a1' }], handBuilt)]).toEqual(['parkinson']);
  });

  test('ancestors only: G25.8, the parent of a member, is in no set', () => {
    expect([...valueSetIdsOf([{ system: ICD, code: 'G25.8' }], handBuilt)]).toEqual([]);
  });

  test('the code must carry the system: G25.81 under SNOMED CT is in no set', () => {
    expect([...valueSetIdsOf([{ system: SNOMED, code: 'G25.81' }], handBuilt)]).toEqual([]);
  });

  test('codes from several sets give the union of their sets', () => {
    const codes = [{ system: SNOMED, code: '32914008' }, { system: ICD, code: 'G20' }];
    expect([...valueSetIdsOf(codes, handBuilt)].sort()).toEqual(['parkinson', 'sleep-movement']);
  });
});

describe('withValueSetIds and firstIdIn', () => {
  test('each finding keeps its own sets, and the first of a list is the first the list names', () => {
    const problems = [problem([{ system: ICD, code: 'G25.81' }]), problem([{ system: ICD, code: 'E11.9' }])];
    const each = withValueSetIds(problems, handBuilt);
    expect(each.map((item) => item.finding)).toEqual(problems);
    expect(each.map((item) => firstIdIn(item.ids, ['sleep-movement', 'rls']))).toEqual(['sleep-movement', undefined]);
    expect(each.map((item) => firstIdIn(item.ids, ['rls', 'sleep-movement']))).toEqual(['rls', undefined]);
    expect(withValueSetIds(problems, handBuilt)).toBe(each);
  });

  test('an id that no set of the knowledge has matches nothing', () => {
    const ids = valueSetIdsOf([{ system: ICD, code: 'G25.81' }], handBuilt);
    expect(firstIdIn(ids, ['pregnancy'])).toBeUndefined();
    expect(firstIdIn(ids, ['pregnancy', 'rls'])).toBe('rls');
  });

  test('the same findings asked of two knowledge objects get the answers of each, not the first one asked', () => {
    const problems = [problem([{ system: ICD, code: 'G25.81' }])];
    const other = { rls: valueSet('rls', [{ system: ICD, code: 'G47.61' }]) };
    expect(withValueSetIds(problems, handBuilt).map((item) => [...item.ids].sort())).toEqual([['rls', 'sleep-movement']]);
    expect(withValueSetIds(problems, other).map((item) => [...item.ids])).toEqual([[]]);
    expect(withValueSetIds(problems, handBuilt).map((item) => [...item.ids].sort())).toEqual([['rls', 'sleep-movement']]);
  });
});

describe('firstMedicationSet', () => {
  test('a coded medication is in the set listing its code', () => {
    expect(firstMedicationSet(medication([{ system: RXNORM, code: '314231' }], []), handBuilt, ['rls', 'ropinirole'])).toBe('ropinirole');
  });

  test('an uncoded medication is found by the drug-name fallback, whole words only', () => {
    expect(firstMedicationSet(medication([], ['ropinirole 1 mg oral tablet']), handBuilt, ['ropinirole'])).toBe('ropinirole');
    expect(firstMedicationSet(medication([], ['xropinirole 1 mg']), handBuilt, ['ropinirole'])).toBeUndefined();
  });

  test('the first set of the list that the medication is in wins, by code or by name', () => {
    const named = { ...handBuilt, agonists: valueSet('agonists', [], { names: ['ropinirole', 'pramipexole'] }) };
    const coded = medication([{ system: RXNORM, code: '314231' }], ['ropinirole 1 mg oral tablet']);
    expect(firstMedicationSet(coded, named, ['agonists', 'ropinirole'])).toBe('agonists');
    expect(firstMedicationSet(coded, named, ['ropinirole', 'agonists'])).toBe('ropinirole');
  });

  test('the same medication asked of two knowledge objects gets the answers of each', () => {
    const med = medication([{ system: RXNORM, code: '314231' }], []);
    const other = { ropinirole: valueSet('ropinirole', [{ system: RXNORM, code: '999' }]) };
    expect(firstMedicationSet(med, handBuilt, ['ropinirole'])).toBe('ropinirole');
    expect(firstMedicationSet(med, other, ['ropinirole'])).toBeUndefined();
  });
});

describe('the index agrees with the one-set tests on the shipped value sets', () => {
  const knowledge = loadKnowledge('cds-services');
  const sets = Object.entries(knowledge.valueSets);
  // Every member of every set, each ICD-10-CM member with a made-up subdivision, and the members under the wrong system.
  const codes: readonly Code[] = sets.flatMap(([, vs]) =>
    [...vs.keys].flatMap((key): Code[] => {
      const [system = '', code = ''] = key.split('|');
      return [{ system, code }, ...(system === ICD ? [{ system, code: `${code}9` }] : []), { system: 'urn:local', code }];
    }),
  );

  test('valueSetIdsOf gives exactly the sets inValueSet says the code is in', () => {
    const disagreements = codes.filter((code) => {
      const expected = sets.filter(([, vs]) => inValueSet([code], vs)).map(([id]) => id);
      return [...valueSetIdsOf([code], knowledge.valueSets)].sort().join() !== expected.sort().join();
    });
    expect(disagreements).toEqual([]);
    expect(codes.length).toBeGreaterThan(4000);
  });

  test('firstMedicationSet gives the first set medicationInSet says the medication is in (codes and names)', () => {
    const ids = sets.map(([id]) => id);
    const meds = [
      medication([{ system: RXNORM, code: '197382' }], []),
      medication([], ['furosemide 40 mg oral tablet [lasix]']),
      medication([], ['potassium chloride 20 meq extended release oral tablet']),
      medication([], ['penicillin v potassium 500 mg oral tablet']),
      medication([{ system: 'urn:local', code: 'X1' }], ['carbidopa-levodopa 25-100']),
      medication([], []),
    ];
    const expected = meds.map((med) => sets.find(([, vs]) => medicationInSet(med, vs))?.[0]);
    expect(meds.map((med) => firstMedicationSet(med, knowledge.valueSets, ids))).toEqual(expected);
    expect(expected).toEqual(['diuretics', 'diuretics', 'potassium-supplements', undefined, 'dopaminergic-agents', undefined]);
  });
});
