/**
 * What a site may change without editing the shipped knowledge (`CDS_SITE_CONFIG`, docs/clinical-logic.md
 * "Site configuration"): switch a topic off, change a threshold's value (in the unit the rules compare in) and the
 * look-backs. Closed objects, so a misspelt key stops start-up instead of being ignored. Which topic and threshold
 * ids exist is checked against the loaded knowledge (`load-site-config.ts`), so a new topic needs no edit here.
 */

/** The look-backs (months) a site may set, as named in `clinical.json`. */
export const SITE_LOOKBACKS = ['labLookbackMonths', 'medicationLookbackMonths', 'settledDiagnosisMonths', 'encounterDiagnosisActiveMonths'] as const;

export type SiteLookback = (typeof SITE_LOOKBACKS)[number];

/** The parsed file. */
export interface SiteConfig {
  /** The site's own label of this configuration, logged at start-up. */
  readonly version?: string;
  readonly topics?: Readonly<Record<string, { readonly enabled: boolean }>>;
  readonly thresholds?: Readonly<Record<string, { readonly value: number; readonly unit: string; readonly reason?: string }>>;
  readonly lookbacks?: Readonly<Partial<Record<SiteLookback, number>>>;
}

const idPattern = '^[a-z0-9]+(-[a-z0-9]+)*$';

export const siteConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    version: { type: 'string', minLength: 1, maxLength: 100 },
    topics: {
      type: 'object',
      propertyNames: { pattern: idPattern },
      additionalProperties: {
        type: 'object',
        required: ['enabled'],
        additionalProperties: false,
        properties: { enabled: { type: 'boolean' } },
      },
    },
    thresholds: {
      type: 'object',
      propertyNames: { pattern: idPattern },
      additionalProperties: {
        type: 'object',
        required: ['value', 'unit'],
        additionalProperties: false,
        properties: {
          value: { type: 'number', exclusiveMinimum: 0, maximum: 100000 },
          unit: { type: 'string', minLength: 1 },
          reason: { type: 'string' },
        },
      },
    },
    lookbacks: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(SITE_LOOKBACKS.map((name) => [name, { type: 'integer', minimum: 1, maximum: 120 }])),
    },
  },
} as const;
