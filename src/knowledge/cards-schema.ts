import { nonEmptyString, stringList } from './schema-parts.js';

/** Entry schema of `cards.json` (topic → CardTemplate, see `knowledge-types.ts`). */

const textsByVariant = {
  type: 'object',
  minProperties: 1,
  additionalProperties: { type: 'string', minLength: 1 },
} as const;

/** One CardTemplate; topic names and variants are checked after validation. */
export const cardTemplateSchema = {
  type: 'object',
  required: ['title', 'indicator', 'summary', 'detail', 'citations', 'overrideReasons', 'suppression'],
  additionalProperties: false,
  properties: {
    title: nonEmptyString,
    indicator: { enum: ['info', 'warning', 'critical'] },
    variantIndicators: { type: 'object', minProperties: 1, additionalProperties: { enum: ['info', 'warning', 'critical'] } },
    summary: textsByVariant,
    detail: textsByVariant,
    citations: stringList,
    variantCitations: { type: 'object', minProperties: 1, additionalProperties: stringList },
    // snippet name → key → citation ids: the source of a wording a rule picks (e.g. the pregnancy line).
    snippetCitations: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'object', minProperties: 1, additionalProperties: stringList },
    },
    overrideReasons: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'display', 'suppress'],
        additionalProperties: false,
        properties: { code: nonEmptyString, display: nonEmptyString, suppress: { type: 'boolean' } },
      },
    },
    // Governance: may an override hold this topic back for the patient, and for how long (days; default configured).
    suppression: {
      type: 'object',
      required: ['allowed'],
      additionalProperties: false,
      properties: { allowed: { type: 'boolean' }, days: { type: 'integer', minimum: 1, maximum: 365 } },
    },
    suggestionLabel: nonEmptyString,
    snippets: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-zA-Z]+$' },
      additionalProperties: textsByVariant,
    },
  },
} as const;
