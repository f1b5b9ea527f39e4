import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as standalone from '../standalone-validators/services-file.js';
import type { SchemaValidator } from '../standalone-validators/schema-validator.js';
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

/** Reads and validates the service definitions at start-up; throws naming the file and field. */
export function loadServiceRegistry(dir: string): ServiceRegistry {
  const file = path.join(dir, 'services.json');
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  // services-file-schema.ts as ajv standalone code (src/standalone-validators/generate.ts).
  const isServicesFile = standalone.isServicesFile as SchemaValidator<ServicesFile>;
  if (!isServicesFile(data)) {
    const first = isServicesFile.errors?.[0];
    throw new Error(`${file}: ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`);
  }
  const byId = new Map(data.services.map((s) => [s.id, s]));
  if (byId.size !== data.services.length) throw new Error(`${file}: /services: ids must be unique`);
  return { version: data.version, services: data.services, find: (id) => byId.get(id) };
}
