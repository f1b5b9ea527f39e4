/** The schema of `cds-services/services.json` (its validator is generated: src/standalone-validators/generate.ts). */
export const servicesFileSchema = {
  type: 'object',
  required: ['version', 'services'],
  additionalProperties: false,
  properties: {
    version: { type: 'string', minLength: 1 },
    services: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'hook', 'title', 'description', 'prefetch'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          hook: { enum: ['patient-view', 'order-select', 'order-sign'] },
          title: { type: 'string', minLength: 1 },
          description: { type: 'string', minLength: 1 },
          usageRequirements: { type: 'string', minLength: 1 },
          // CDS Hooks: an empty prefetch object is never sent; a service without templates omits it.
          prefetch: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } },
        },
      },
    },
  },
} as const;
