import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { ServiceDefinition } from './hook-types.js';

/** The services this deployment offers, from `cds-services/services.json`. */
export interface ServiceRegistry {
  readonly version: string;
  readonly services: readonly ServiceDefinition[];
  find(id: string): ServiceDefinition | undefined;
}

interface ServicesFile {
  readonly version: string;
  readonly services: readonly ServiceDefinition[];
}

const servicesFileSchema = {
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

/** Reads and validates the service definitions at start-up; throws naming the file and field. */
export function loadServiceRegistry(dir: string): ServiceRegistry {
  const file = path.join(dir, 'services.json');
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const isServicesFile = new Ajv({ allErrors: true }).compile<ServicesFile>(servicesFileSchema);
  if (!isServicesFile(data)) {
    const first = isServicesFile.errors?.[0];
    throw new Error(`${file}: ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`);
  }
  const byId = new Map(data.services.map((s) => [s.id, s]));
  if (byId.size !== data.services.length) throw new Error(`${file}: /services: ids must be unique`);
  return { version: data.version, services: data.services, find: (id) => byId.get(id) };
}
