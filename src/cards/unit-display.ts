/**
 * UCUM codes as clinicians read them. UCUM's machine syntax (`m[IU]/L`, `{1.73_m2}` annotations) is exact but
 * reads as noise in a card; codes not listed here are already readable and are shown as they are.
 */
const READABLE: Readonly<Record<string, string>> = {
  'm[IU]/L': 'mIU/L',
  'u[IU]/mL': 'µIU/mL',
  '[IU]/L': 'IU/L',
  'mL/min/{1.73_m2}': 'mL/min/1.73 m²',
  'ug/L': 'µg/L',
  'umol/L': 'µmol/L',
  meq: 'mEq',
  'meq/L': 'mEq/L',
};

/** The readable form of a UCUM unit code. */
export function displayUnit(ucum: string): string {
  return Object.hasOwn(READABLE, ucum) ? (READABLE[ucum] ?? ucum) : ucum;
}
