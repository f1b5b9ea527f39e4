import { derivedCodeSchema, labProperties, nonEmptyString, stringList } from './schema-parts.js';

/** Schemas of `derived/value-sets.expanded.json` and `derived/labs.expanded.json`. */

/** `{ generatedBy, valueSets: DerivedValueSet[] }`. */
export const derivedValueSetsSchema = {
  type: 'object',
  required: ['generatedBy', 'valueSets'],
  additionalProperties: false,
  properties: {
    generatedBy: nonEmptyString,
    valueSets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'kind', 'sources', 'names', 'codes'],
        additionalProperties: false,
        properties: {
          id: nonEmptyString,
          title: nonEmptyString,
          kind: { enum: ['condition', 'medication', 'order'] },
          sources: stringList,
          names: stringList,
          codes: { type: 'array', minItems: 1, items: derivedCodeSchema },
        },
      },
    },
  },
} as const;

/** `{ generatedBy, labs: DerivedLab[] }`. */
export const derivedLabsSchema = {
  type: 'object',
  required: ['generatedBy', 'labs'],
  additionalProperties: false,
  properties: {
    generatedBy: nonEmptyString,
    labs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'prefetchKey', 'canonicalUnit', 'orderCode', 'sources', 'codes'],
        additionalProperties: false,
        properties: {
          id: nonEmptyString,
          ...labProperties,
          sources: stringList,
          codes: { type: 'array', minItems: 1, items: derivedCodeSchema },
        },
      },
    },
  },
} as const;
