import { codeSchema, labProperties, nonEmptyString, stringList } from './schema-parts.js';

/**
 * Entry schemas of the hand-written sources `value-sets.json` and `labs.json` (id → entry). Only the derivation
 * reads these files; the service reads the derived files.
 */

const pinnedSource = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['vsac'] }, { required: ['pinnedValueSet'] }],
  properties: {
    vsac: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)+$' },
    pinnedValueSet: { type: 'string', pattern: '^[a-z0-9-]+$' },
    displayIncludes: stringList,
    displayExcludes: stringList,
    codes: stringList,
  },
} as const;

const listedSource = {
  type: 'object',
  required: ['source', 'codes'],
  additionalProperties: false,
  properties: { source: nonEmptyString, codes: { type: 'array', minItems: 1, items: codeSchema } },
} as const;

const syntheaSource = {
  type: 'object',
  required: ['synthea'],
  additionalProperties: false,
  properties: { synthea: { enum: ['names', 'codes'] }, codes: stringList, why: nonEmptyString },
  if: { type: 'object', properties: { synthea: { const: 'codes' } } },
  then: { type: 'object', required: ['codes', 'why'] },
} as const;

/** One entry of `value-sets.json`: { title, kind, decision, names?, include[] }. */
export const valueSetSourceSchema = {
  type: 'object',
  required: ['title', 'kind', 'decision', 'include'],
  additionalProperties: false,
  properties: {
    title: nonEmptyString,
    kind: { enum: ['condition', 'medication', 'order'] },
    decision: nonEmptyString,
    names: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9 /-]*$' } },
    include: { type: 'array', minItems: 1, items: { anyOf: [pinnedSource, listedSource, syntheaSource] } },
  },
} as const;

/** One entry of `labs.json`: { title, prefetchKey, canonicalUnit, molarMass?, orderCode, decision, include[] }. */
export const labSourceSchema = {
  type: 'object',
  required: ['title', 'prefetchKey', 'canonicalUnit', 'orderCode', 'decision', 'include'],
  additionalProperties: false,
  properties: {
    ...labProperties,
    decision: nonEmptyString,
    include: { type: 'array', minItems: 1, items: { anyOf: [pinnedSource, listedSource, syntheaSource] } },
  },
} as const;
