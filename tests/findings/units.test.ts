import { convertUnit, ucumUnitOf, UCUM_SYSTEM } from '../../src/findings/units.js';

// dimensions: same unit · mass ↔ mass · molar ↔ mass (needs molar mass) · arbitrary [IU] prefixes ·
// refused (annotations differ, dimensionless ratio) · not UCUM · which Quantity field names the unit

describe('convertUnit', () => {
  const cases: { name: string; value: number; from: string; to: string; molarMass?: number; expected: number }[] = [
    { name: 'the same unit is returned unchanged', value: 42, from: 'ng/mL', to: 'ng/mL', expected: 42 },
    { name: 'ug/L equals ng/mL', value: 42, from: 'ug/L', to: 'ng/mL', expected: 42 },
    { name: 'mg/dl (lower-case litre) is mg/dL', value: 90, from: 'mg/dl', to: 'mg/dL', expected: 90 },
    { name: 'ferritin 2.247 pmol/L is 1 ng/mL at 445 000 g/mol', value: 2.247, from: 'pmol/L', to: 'ng/mL', molarMass: 445_000, expected: 0.999915 },
    { name: 'glucose 5.5 mmol/L is 99.088 mg/dL at 180.16 g/mol', value: 5.5, from: 'mmol/L', to: 'mg/dL', molarMass: 180.16, expected: 99.088 },
    { name: 'creatinine 88.4 umol/L is 0.99998 mg/dL at 113.12 g/mol', value: 88.4, from: 'umol/L', to: 'mg/dL', molarMass: 113.12, expected: 0.9999808 },
    { name: 'TSH in u[IU]/mL equals m[IU]/L', value: 2.5, from: 'u[IU]/mL', to: 'm[IU]/L', expected: 2.5 },
    { name: 'TSH in [IU]/L is a thousand m[IU]/L', value: 0.002, from: '[IU]/L', to: 'm[IU]/L', expected: 2 },
  ];
  test.each(cases)('$name', ({ value, from, to, molarMass, expected }) => {
    expect(convertUnit(value, from, to, molarMass)).toBeCloseTo(expected, 9);
  });

  const refused: { name: string; from: string; to: string; molarMass?: number }[] = [
    { name: 'a molar unit without a molar mass', from: 'pmol/L', to: 'ng/mL' },
    { name: 'an incommensurable unit', from: 'mg', to: 'ng/mL' },
    { name: 'a string that is not UCUM (mcg)', from: 'mcg/L', to: 'ng/mL' },
    { name: 'a non-UCUM IU spelling (uIU/mL)', from: 'uIU/mL', to: 'm[IU]/L' },
    { name: 'a string UCUM would only read by guessing (1.73m2)', from: 'mL/min/1.73m2', to: 'mL/min/{1.73_m2}' },
    { name: 'a rate not indexed to body surface area', from: 'mL/min', to: 'mL/min/{1.73_m2}' },
    { name: 'HbA1c in IFCC mmol/mol as NGSP %', from: 'mmol/mol', to: '%' },
  ];
  test.each(refused)('refuses $name', ({ from, to, molarMass }) => {
    expect(convertUnit(10, from, to, molarMass)).toBeUndefined();
  });

  test('gives the same answer from its cache on the second call', () => {
    expect(convertUnit(4, 'ug/dL', 'ng/mL')).toBeCloseTo(40, 9);
    expect(convertUnit(7, 'ug/dL', 'ng/mL')).toBeCloseTo(70, 9);
  });

  test('converts offset units through UCUM instead of a factor', () => {
    expect(convertUnit(37, 'Cel', 'K')).toBeCloseTo(310.15, 9);
    expect(convertUnit(0, 'Cel', 'K')).toBeCloseTo(273.15, 9);
  });
});

describe('ucumUnitOf', () => {
  const cases = [
    { name: 'code wins over unit when the system is UCUM', quantity: { system: UCUM_SYSTEM, code: 'ug/L', unit: 'µg/L' }, expected: 'ug/L' },
    { name: 'unit is used when a UCUM quantity has no code', quantity: { system: UCUM_SYSTEM, unit: 'ng/mL' }, expected: 'ng/mL' },
    { name: 'unit is used when there is no system', quantity: { unit: 'ng/mL' }, expected: 'ng/mL' },
    { name: 'another system gives nothing', quantity: { system: 'http://example.org/lab-units', code: 'ng/mL', unit: 'ng/mL' }, expected: undefined },
    { name: 'no unit at all gives nothing', quantity: { system: UCUM_SYSTEM }, expected: undefined },
    { name: 'a blank code falls back to the unit', quantity: { system: UCUM_SYSTEM, code: ' ', unit: 'mg/dL' }, expected: 'mg/dL' },
  ];
  test.each(cases)('$name', ({ quantity, expected }) => {
    expect(ucumUnitOf({ value: 1, ...quantity })).toBe(expected);
  });
});

test.each(['__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'constructor'])('a unit named %s converts to nothing instead of throwing', (unit) => {
  expect(convertUnit(12, unit, 'ng/mL', 445_000)).toBeUndefined();
  expect(convertUnit(12, 'ng/mL', unit)).toBeUndefined();
});
