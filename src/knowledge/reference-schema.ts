import { httpsUrl, nonEmptyString } from './schema-parts.js';

/** Entry schemas of `thresholds.json` and `citations.json` (id → entry). */

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
