/**
 * JSON-schema fragments shared by the knowledge file schemas. Every object is closed
 * (`additionalProperties: false`) so a misspelt key in a knowledge file fails at start-up instead of being ignored.
 */

/** A non-empty string. */
export const nonEmptyString = { type: 'string', minLength: 1 } as const;

/** A list of non-empty strings. */
export const stringList = { type: 'array', items: nonEmptyString } as const;

/** An https URL. */
export const httpsUrl = { type: 'string', pattern: '^https://\\S+$' } as const;

/** `{ system, code, display? }`. */
export const codeSchema = {
  type: 'object',
  required: ['system', 'code'],
  additionalProperties: false,
  properties: { system: nonEmptyString, code: nonEmptyString, display: { type: 'string' } },
} as const;

/** A derived member: a code plus the source it came from. */
export const derivedCodeSchema = {
  type: 'object',
  required: ['system', 'code', 'source'],
  additionalProperties: false,
  properties: { system: nonEmptyString, code: nonEmptyString, display: { type: 'string' }, source: nonEmptyString },
} as const;

/** `{ value, citation, note? }` for molar ↔ mass conversion. */
export const molarMassSchema = {
  type: 'object',
  required: ['value', 'citation'],
  additionalProperties: false,
  properties: { value: { type: 'number', exclusiveMinimum: 0 }, citation: nonEmptyString, note: { type: 'string' } },
} as const;

/** `{ fromUnit, slope, intercept, citation, note? }`: a lab's linear unit equation (HbA1c IFCC → NGSP). */
export const unitEquationSchema = {
  type: 'object',
  required: ['fromUnit', 'slope', 'intercept', 'citation'],
  additionalProperties: false,
  properties: {
    fromUnit: nonEmptyString,
    slope: { type: 'number', exclusiveMinimum: 0 },
    intercept: { type: 'number' },
    citation: nonEmptyString,
    note: { type: 'string' },
  },
} as const;

/** The properties a lab has in `labs.json` and in its derived expansion alike (`LabProperties`). */
export const labProperties = {
  title: nonEmptyString,
  prefetchKey: nonEmptyString,
  canonicalUnit: nonEmptyString,
  molarMass: molarMassSchema,
  charge: { type: 'integer', minimum: 1, maximum: 3 },
  equations: { type: 'array', minItems: 1, items: unitEquationSchema },
  orderCode: codeSchema,
} as const;
