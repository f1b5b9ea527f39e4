import { HOOK_IDS } from './ids.js';
import { httpsUrl, nonEmptyString } from './schema-parts.js';

/** Entry schemas of `thresholds.json`, `citations.json` and `topics.json` (id → entry). */

/** A threshold: { value, unit (UCUM), comparator (which side crosses), citation, note? }. */
export const thresholdSchema = {
  type: 'object',
  required: ['value', 'unit', 'comparator', 'citation'],
  additionalProperties: false,
  properties: {
    value: { type: 'number' },
    unit: nonEmptyString,
    comparator: { enum: ['<', '<=', '>', '>='] },
    citation: nonEmptyString,
    note: { type: 'string' },
  },
} as const;

/** A citation: { label, url }. */
export const citationSchema = {
  type: 'object',
  required: ['label', 'url'],
  additionalProperties: false,
  properties: { label: nonEmptyString, url: httpsUrl },
} as const;

/** A topic of `topics.json`: { hooks (at least one), variants (at least one), variantByHook? }. */
export const topicSchema = {
  type: 'object',
  required: ['hooks', 'variants'],
  additionalProperties: false,
  properties: {
    hooks: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...HOOK_IDS] } },
    variants: { type: 'array', minItems: 1, uniqueItems: true, items: nonEmptyString },
    variantByHook: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(HOOK_IDS.map((hook) => [hook, nonEmptyString])),
    },
  },
} as const;
