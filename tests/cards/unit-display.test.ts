import { displayUnit } from '../../src/cards/unit-display.js';

test.each([
  ['m[IU]/L', 'mIU/L'],
  ['u[IU]/mL', 'µIU/mL'],
  ['mL/min/{1.73_m2}', 'mL/min/1.73 m²'],
  ['ug/L', 'µg/L'],
  ['meq/L', 'mEq/L'],
  ['ng/mL', 'ng/mL'],
  ['%', '%'],
  ['toString', 'toString'],
])('UCUM %s reads as %s', (ucum, readable) => {
  expect(displayUnit(ucum)).toBe(readable);
});
