import { readLabs } from '../../src/findings/labs.js';
import { UNIT_ALIASES } from '../../src/findings/unit-aliases.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { loinc, observation } from '../support/fhir-builders.js';

// Lab results as labs send them (issue 9 "Lab variants"), read with the shipped knowledge.
// dimensions: TSH code (3016-3 · third-generation 11580-8 · an unlisted code) · HbA1c unit (NGSP % · IFCC mmol/mol
// under 59261-8 or 4548-4) · unit spelling (UCUM · each reviewed alias, as text only · not understood) ·
// status (final · registered · preliminary · cancelled)

const knowledge = loadKnowledge('cds-services');
const NOW = new Date('2026-11-20T12:00:00Z');
const RECENT = '2026-10-01T08:00:00Z';
const read = (...observations: Parameters<typeof observation>[0][]) =>
  readLabs(observations.map((o) => observation({ effectiveDateTime: RECENT, ...o })), knowledge, NOW);

describe('TSH by every verified code', () => {
  test.each([
    { code: '3016-3', value: 6.1 },
    { code: '11580-8', value: 6.1 },
  ])('TSH $code $value mIU/L is read as TSH', ({ code, value }) => {
    expect(read({ codes: [loinc(code)], value, unit: 'm[IU]/L' }).labs.map((l) => [l.labId, l.value, l.unit])).toEqual([['tsh', value, 'm[IU]/L']]);
  });

  test('a TSH code that is not verified (3015-5, TSH in blood) is not read', () => {
    expect(read({ codes: [loinc('3015-5')], value: 6.1, unit: 'm[IU]/L' })).toEqual({ labs: [], inProgress: [], unreadable: [] });
  });
});

describe('HbA1c in IFCC units, by the IFCC-NGSP master equation', () => {
  test.each([
    { name: '48 mmol/mol (IFCC code 59261-8) is 6.54304 % NGSP, the ADA cut-off 6.5 %', code: '59261-8', value: 48, expected: 6.54304 },
    { name: '47 mmol/mol is 6.45156 %, below 6.5 %', code: '59261-8', value: 47, expected: 6.45156 },
    { name: 'mmol/mol under the NGSP code 4548-4 still converts by the equation', code: '4548-4', value: 53, expected: 7.00044 },
  ])('$name', ({ code, value, expected }) => {
    const [found] = read({ codes: [loinc(code)], value, unit: 'mmol/mol' }).labs;
    expect(found?.labId).toBe('hba1c');
    expect(found?.value).toBeCloseTo(expected, 9);
    expect([found?.reportedValue, found?.reportedUnit, found?.unit]).toEqual([value, 'mmol/mol', '%']);
  });

  test('an NGSP result in % is read as it is', () => {
    expect(read({ codes: [loinc('59261-8')], value: 6.6, unit: '%' }).labs.map((l) => l.value)).toEqual([6.6]);
  });
});

describe('the reviewed unit aliases, one test each', () => {
  // A lab of the shipped knowledge for each alias' UCUM unit, and what 10 in that unit is in the lab's canonical unit.
  const labFor: Readonly<Record<string, { readonly code: string; readonly labId: string; readonly tenIs: number }>> = {
    'ug/L': { code: '2276-4', labId: 'ferritin', tenIs: 10 },
    'ug/dL': { code: '2498-4', labId: 'iron', tenIs: 10 },
    'm[IU]/mL': { code: '3016-3', labId: 'tsh', tenIs: 10_000 },
    'm[IU]/L': { code: '3016-3', labId: 'tsh', tenIs: 10 },
    'u[IU]/mL': { code: '3016-3', labId: 'tsh', tenIs: 10 },
    'mL/min/{1.73_m2}': { code: '98979-8', labId: 'egfr', tenIs: 10 },
    'meq/L': { code: '2823-3', labId: 'potassium', tenIs: 10 },
  };
  const spellings = UNIT_ALIASES.flatMap((a) => [
    { alias: a.alias, ucum: a.ucum },
    { alias: a.alias.toUpperCase(), ucum: a.ucum },
    { alias: a.alias.replace(/\s+/g, ''), ucum: a.ucum },
    // U+03BC GREEK SMALL LETTER MU, which keyboards and EHRs send as often as U+00B5 MICRO SIGN.
    { alias: a.alias.replace(/\u00b5/g, '\u03bc').replace(/m2$/, 'm²'), ucum: a.ucum },
  ]);
  test.each(spellings)('"$alias" written only as text reads as $ucum', ({ alias, ucum }) => {
    const target = labFor[ucum];
    if (target === undefined) throw new Error(`no test lab for ${ucum}`);
    const { labs, unreadable } = read({ codes: [loinc(target.code)], value: 10, unit: alias, unitSystem: null });
    expect(unreadable).toEqual([]);
    expect(labs.map((l) => [l.labId, l.reportedUnit])).toEqual([[target.labId, ucum]]);
    expect(labs[0]?.value).toBeCloseTo(target.tenIs, 9);
  });

  test('every alias names its public source', () => {
    expect(UNIT_ALIASES.filter((a) => !/^(miracum\/loinc-conversion@[0-9a-f]{7}:data\/synonyms\.tsv|https:\/\/ucum\.org\/ucum .+)$/.test(a.source))).toEqual([]);
  });
});

describe('a unit that cannot be understood is reported, never guessed', () => {
  test.each([
    { name: 'a spelling outside the table (mcg/L)', unit: 'mcg/L', system: null },
    { name: 'a unit of another system', unit: 'ng/mL', system: 'http://example.org/units' },
    { name: 'a unit UCUM would have to guess (a decimal comma, mL/min/1,73m2)', unit: 'mL/min/1,73m2', system: null },
  ])('$name: no value, one unreadable result for the lab', ({ unit, system }) => {
    const codes = unit.startsWith('mL/min') ? [loinc('98979-8')] : [loinc('2276-4')];
    const reading = read({ codes, value: 30, unit, unitSystem: system });
    expect(reading.labs).toEqual([]);
    expect(reading.unreadable).toEqual([{ labId: unit.startsWith('mL/min') ? 'egfr' : 'ferritin' }]);
  });

  test('a result outside the look-back is neither read nor reported', () => {
    expect(readLabs([observation({ codes: [loinc('2276-4')], value: 30, unit: 'mcg/L', unitSystem: null, effectiveDateTime: '2025-06-01' })], knowledge, NOW).unreadable).toEqual([]);
  });
});

describe('a test in progress', () => {
  test.each([
    { status: 'registered' as const, inProgress: ['tsh'] },
    { status: 'preliminary' as const, inProgress: ['tsh'] },
    { status: 'cancelled' as const, inProgress: [] },
    { status: 'entered-in-error' as const, inProgress: [] },
  ])('a $status TSH is in progress: $inProgress, and never a value', ({ status, inProgress }) => {
    const reading = read({ codes: [loinc('11580-8')], value: 9, unit: 'm[IU]/L', status });
    expect(reading.labs).toEqual([]);
    expect(reading.inProgress).toEqual(inProgress);
  });

  test('a registered TSH from before the look-back is not in progress', () => {
    expect(readLabs([observation({ codes: [loinc('3016-3')], status: 'registered', issued: '2025-01-01T00:00:00Z' })], knowledge, NOW).inProgress).toEqual([]);
  });
});

test('one unreadable result coded twice for the same lab (mass and molar ferritin codes) is counted once', () => {
  expect(read({ codes: [loinc('2276-4'), loinc('14723-1')], value: 30, unit: 'mcg/L', unitSystem: null }).unreadable).toEqual([{ labId: 'ferritin' }]);
});
