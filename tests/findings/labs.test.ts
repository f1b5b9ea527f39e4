import type { Observation } from 'fhir/r4.js';
import { toLabFindings } from '../../src/findings/labs.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';
import { loinc, observation, type ObservationOptions } from '../support/fhir-builders.js';
import { testKnowledge } from '../support/knowledge-builder.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

// dimensions: unit (canonical · mass alias · molar with molar mass · not convertible · not UCUM · no system) ·
// status · date (inside · exactly on the look-back edge · a millisecond before · future · which effective[x]) ·
// several results per lab (latest wins; same instant: later issued, then smaller id) · codes (any matching coding, other codes ignored)

const NOW = new Date('2025-03-15T12:00:00.000Z');
const EDGE = '2024-03-15T12:00:00.000Z'; // 12 months (testKnowledge().labLookbackMonths) before NOW
const knowledge = testKnowledge();
const RECENT = '2025-01-10T09:00:00Z';

const FERRITIN = loinc('2276-4', 'Ferritin [Mass/volume] in Serum or Plasma');
const GLUCOSE = loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma');

function labsOf(observations: readonly Observation[]) {
  return toLabFindings(observations, knowledge, NOW);
}
function ferritin(options: ObservationOptions) {
  return observation({ codes: [FERRITIN], effectiveDateTime: RECENT, ...options });
}

describe('units', () => {
  const cases = [
    { name: 'ferritin in ng/mL stays', codes: [FERRITIN], value: 12, unit: 'ng/mL', expected: 12 },
    { name: 'ferritin in ug/L is the same number of ng/mL', codes: [FERRITIN], value: 12, unit: 'ug/L', expected: 12 },
    { name: 'ferritin 224.7 pmol/L is 99.9915 ng/mL (445 000 g/mol)', codes: [FERRITIN], value: 224.7, unit: 'pmol/L', expected: 99.9915 },
    { name: 'glucose 5.5 mmol/L is 99.088 mg/dL (180.16 g/mol)', codes: [GLUCOSE], value: 5.5, unit: 'mmol/L', expected: 99.088 },
    { name: 'whole-blood glucose 2339-0 counts as glucose', codes: [loinc('2339-0')], value: 101, unit: 'mg/dL', expected: 101 },
    { name: 'creatinine 88.4 umol/L is 0.9999808 mg/dL', codes: [loinc('2160-0')], value: 88.4, unit: 'umol/L', expected: 0.9999808 },
    { name: 'TSH 2.5 u[IU]/mL is 2.5 m[IU]/L', codes: [loinc('3016-3')], value: 2.5, unit: 'u[IU]/mL', expected: 2.5 },
    { name: 'potassium 3.2 meq/L is 3.2 mmol/L (valence 1)', codes: [loinc('2823-3')], value: 3.2, unit: 'meq/L', expected: 3.2 },
    { name: 'magnesium 1.2 meq/L is 1.4583 mg/dL (valence 2, 24.305 g/mol)', codes: [loinc('19123-9')], value: 1.2, unit: 'meq/L', expected: 1.4583 },
    { name: 'eGFR in mL/min/{1.73_m2} stays', codes: [loinc('98979-8')], value: 61, unit: 'mL/min/{1.73_m2}', expected: 61 },
  ];
  test.each(cases)('$name', ({ codes, value, unit, expected }) => {
    const [found] = labsOf([observation({ codes, value, unit, effectiveDateTime: RECENT })]);
    expect(found?.value).toBeCloseTo(expected, 9);
    expect(found?.reportedValue).toBe(value);
    expect(found?.reportedUnit).toBe(unit);
  });

  const dropped = [
    { name: 'a unit UCUM does not know (mcg/L)', options: { unit: 'mcg/L' } },
    { name: 'an incommensurable unit (mg)', options: { unit: 'mg' } },
    { name: 'a unit of another system, even when it reads like UCUM', options: { unit: 'ng/mL', unitSystem: 'http://example.org/units' } },
    { name: 'no unit at all', options: { valueQuantity: { value: 12 } } },
    { name: 'equivalents for a lab without a valence (ferritin meq/L)', options: { unit: 'meq/L' } },
    { name: 'HbA1c 48 mmol/mol, which is not 4.8 %', options: { codes: [loinc('4548-4')], value: 48, unit: 'mmol/mol' } },
    { name: 'creatinine clearance in mL/min as eGFR', options: { codes: [loinc('98979-8')], value: 80, unit: 'mL/min' } },
  ];
  test.each(dropped)('drops a result in $name', ({ options }) => {
    expect(labsOf([ferritin(options)])).toEqual([]);
  });

  test('reads the free-text unit as UCUM when the quantity has no system', () => {
    expect(labsOf([ferritin({ value: 30, unit: 'ug/L', unitSystem: null })])[0]?.value).toBeCloseTo(30, 9);
  });

  test('prefers the UCUM code to the display unit', () => {
    const [found] = labsOf([ferritin({ valueQuantity: { value: 30, unit: 'µg/L', system: 'http://unitsofmeasure.org', code: 'ug/L' } })]);
    expect(found?.reportedUnit).toBe('ug/L');
    expect(found?.value).toBeCloseTo(30, 9);
  });
});

describe('status', () => {
  test.each([
    ['final', 1],
    ['amended', 1],
    ['corrected', 1],
    ['preliminary', 0],
    ['registered', 0],
    ['cancelled', 0],
    ['entered-in-error', 0],
    ['unknown', 0],
  ] as const)('a %s result gives %i finding', (status, count) => {
    expect(labsOf([ferritin({ status })])).toHaveLength(count);
  });
});

describe('look-back', () => {
  test.each([
    { name: 'exactly on the look-back edge → kept', effectiveDateTime: EDGE, count: 1 },
    { name: 'one millisecond before the edge → dropped', effectiveDateTime: '2024-03-15T11:59:59.999Z', count: 0 },
    { name: 'the edge in another time zone → kept', effectiveDateTime: '2024-03-15T13:00:00+01:00', count: 1 },
    { name: 'a date-only value on the edge day reads as its UTC midnight → dropped', effectiveDateTime: '2024-03-15', count: 0 },
    { name: 'exactly now → kept', effectiveDateTime: NOW.toISOString(), count: 1 },
    { name: 'one millisecond after now → dropped', effectiveDateTime: '2025-03-15T12:00:00.001Z', count: 0 },
    { name: 'two years ago → dropped', effectiveDateTime: '2023-03-01T00:00:00Z', count: 0 },
    { name: 'an unparseable date → dropped', effectiveDateTime: 'yesterday', count: 0 },
  ])('$name', ({ effectiveDateTime, count }) => {
    expect(labsOf([ferritin({ effectiveDateTime })])).toHaveLength(count);
  });

  test('honours the knowledge look-back length', () => {
    const threeMonths = testKnowledge({ labLookbackMonths: 3 });
    const observations = [ferritin({ effectiveDateTime: '2024-12-15T12:00:00Z' }), ferritin({ effectiveDateTime: '2024-12-15T11:00:00Z' })];
    expect(toLabFindings(observations, threeMonths, NOW).map((l) => l.effective)).toEqual(['2024-12-15T12:00:00Z']);
  });

  test.each([
    { name: 'effectivePeriod.start', options: { effectiveDateTime: undefined, effectivePeriodStart: '2025-01-02' }, effective: '2025-01-02' },
    { name: 'issued', options: { effectiveDateTime: undefined, issued: '2025-01-03T08:00:00Z' }, effective: '2025-01-03T08:00:00Z' },
    { name: 'effectiveDateTime before issued', options: { effectiveDateTime: '2025-01-01', issued: '2025-01-03T08:00:00Z' }, effective: '2025-01-01' },
  ])('dates a result by $name', ({ options, effective }) => {
    expect(labsOf([ferritin(options)])[0]?.effective).toBe(effective);
  });

  test('a result without any date is dropped', () => {
    expect(labsOf([ferritin({ effectiveDateTime: undefined })])).toEqual([]);
  });
});

describe('latest wins', () => {
  test('keeps only the latest result per lab, whatever the order and unit', () => {
    const found = labsOf([
      ferritin({ id: 'old', value: 80, unit: 'ng/mL', effectiveDateTime: '2024-06-01T00:00:00Z' }),
      ferritin({ id: 'new', value: 22.47, unit: 'pmol/L', effectiveDateTime: '2025-02-01T00:00:00Z' }),
      ferritin({ id: 'mid', value: 40, unit: 'ug/L', effectiveDateTime: '2024-12-01T00:00:00Z' }),
    ]);
    expect(found.map((l) => l.source.id)).toEqual(['new']);
    expect(found[0]?.value).toBeCloseTo(9.99915, 9);
  });

  test('a later result that is dropped does not hide an earlier valid one', () => {
    const found = labsOf([
      ferritin({ id: 'valid', effectiveDateTime: '2024-06-01T00:00:00Z' }),
      ferritin({ id: 'preliminary', status: 'preliminary', effectiveDateTime: '2025-02-01T00:00:00Z' }),
      ferritin({ id: 'bad-unit', unit: 'mcg/L', effectiveDateTime: '2025-02-02T00:00:00Z' }),
    ]);
    expect(found.map((l) => l.source.id)).toEqual(['valid']);
  });

  // Synthea panels report some analytes twice at one instant; prefetch and the service's own searches order them differently.
  const sameInstant = [
    { name: 'the later issued wins', results: [{ id: 'a', issued: '2025-01-10T10:00:00Z' }, { id: 'b', issued: '2025-01-10T11:00:00Z' }], expected: 'b' },
    { name: 'a result with issued wins over one without', results: [{ id: 'a' }, { id: 'b', issued: '2025-01-10T10:00:00Z' }], expected: 'b' },
    { name: 'with the same issued, the smaller id wins', results: [{ id: 'b', issued: '2025-01-10T10:00:00Z' }, { id: 'a', issued: '2025-01-10T10:00:00Z' }], expected: 'a' },
  ];
  test.each(sameInstant)('between results of the same instant, $name, whatever the order', ({ results, expected }) => {
    const observations = results.map((r, i) => ferritin({ ...r, value: 10 + i }));
    expect(labsOf(observations).map((l) => l.source.id)).toEqual([expected]);
    expect(labsOf([...observations].reverse()).map((l) => l.source.id)).toEqual([expected]);
  });

  test('one finding per lab', () => {
    const found = labsOf([ferritin({ id: 'f' }), observation({ id: 'g', codes: [GLUCOSE], value: 90, unit: 'mg/dL', effectiveDateTime: RECENT })]);
    expect(found.map((l) => [l.labId, l.source.id])).toEqual([
      ['ferritin', 'f'],
      ['glucose', 'g'],
    ]);
  });
});

test('a full finding: lab id, matching code, canonical and reported values, date and provenance', () => {
  const found = labsOf([
    observation({ id: 'o1', codes: [loinc('9999-9'), FERRITIN], value: 22.47, unit: 'pmol/L', effectiveDateTime: '2025-02-01T10:00:00Z' }),
  ]);
  expect(found).toEqual([
    {
      labId: 'ferritin',
      code: { system: SYSTEMS.loinc, code: '2276-4', display: 'Ferritin [Mass/volume] in Serum or Plasma' },
      value: expect.closeTo(9.99915, 9),
      unit: 'ng/mL',
      reportedValue: 22.47,
      reportedUnit: 'pmol/L',
      effective: '2025-02-01T10:00:00Z',
      source: { resourceType: 'Observation', id: 'o1', date: '2025-02-01T10:00:00Z' },
    },
  ]);
});

test('keeps the comparator of a censored result', () => {
  expect(labsOf([ferritin({ value: 5, comparator: '<' })])[0]).toEqual(expect.objectContaining({ value: 5, comparator: '<' }));
});

test('ignores observations of codes the knowledge does not define, and values that are not quantities', () => {
  const unknownCode = observation({ codes: [loinc('9999-9')], effectiveDateTime: RECENT });
  const noValue = ferritin({ valueQuantity: null });
  const textValue = { ...ferritin({ valueQuantity: null }), valueString: '12 ng/mL' };
  const nanValue = ferritin({ valueQuantity: { value: Number.NaN, system: 'http://unitsofmeasure.org', code: 'ng/mL' } });
  expect(labsOf([unknownCode, noValue, textValue, nanValue])).toEqual([]);
});

describe('on the shipped knowledge', () => {
  const shipped = loadKnowledge();
  test('molar ferritin 14723-1 in pmol/L is ferritin in ng/mL: 100 pmol/L ≈ 44.5 ng/mL, below the 50 ng/mL threshold', () => {
    const [found] = toLabFindings([observation({ codes: [loinc('14723-1')], value: 100, unit: 'pmol/L', effectiveDateTime: RECENT })], shipped, NOW);
    expect([found?.labId, found?.unit, found?.value.toFixed(2)]).toEqual(['ferritin', 'ng/mL', '44.50']);
  });
});
