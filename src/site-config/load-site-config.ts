import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import { SITE_CONFIG_ERROR_CODES as CODES, SiteConfigError } from './site-config-error.js';
import type { SiteConfig } from './site-config-schema.js';
import type { SchemaValidator } from '../standalone-validators/schema-validator.js';
import { validateSiteConfig } from '../standalone-validators/site-config.js';

/**
 * Reads and checks `CDS_SITE_CONFIG` at start-up: the schema, then every topic and threshold id against the loaded
 * knowledge, and each threshold's unit against the unit the rules compare that threshold in. The first problem
 * throws a `SiteConfigError` naming the file and field; nothing is applied half-way.
 */

// The schema of site-config-schema.ts as ajv standalone code (src/standalone-validators/generate.ts).
const validate = validateSiteConfig as SchemaValidator<SiteConfig>;

/** A checked site configuration and what identifies it in the logs. */
export interface LoadedSiteConfig {
  readonly file: string;
  readonly config: SiteConfig;
  /** sha256 of the file's bytes: which configuration a process ran with. */
  readonly sha256: string;
}

function readSiteConfigFile(file: string): { readonly data: unknown; readonly sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new SiteConfigError(CODES.unreadable, file, '(file)', 'cannot be read');
  }
  try {
    return { data: JSON.parse(bytes.toString('utf8')) as unknown, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch {
    throw new SiteConfigError(CODES.unreadable, file, '(file)', 'is not valid JSON');
  }
}

function assertKnownIds(file: string, config: SiteConfig, knowledge: Knowledge): void {
  for (const topic of Object.keys(config.topics ?? {})) {
    if (!Object.hasOwn(knowledge.topics, topic)) throw new SiteConfigError(CODES.unknownId, file, `topics.${topic}`, `"${topic}" is not a topic of the knowledge`);
  }
  for (const [id, change] of Object.entries(config.thresholds ?? {})) {
    const shipped = Object.hasOwn(knowledge.thresholds, id) ? knowledge.thresholds[id] : undefined;
    if (shipped === undefined) throw new SiteConfigError(CODES.unknownId, file, `thresholds.${id}`, `"${id}" is not a threshold of the knowledge`);
    if (change.unit !== shipped.unit) {
      throw new SiteConfigError(CODES.unit, file, `thresholds.${id}.unit`, `"${change.unit}" is not ${shipped.unit}, the unit the rules compare ${id} in`);
    }
  }
}

/**
 * The checked site configuration of `file`, or undefined when `file` is not set.
 * @throws SiteConfigError with a stable `code` when the file cannot be used
 */
export function loadSiteConfig(file: string | undefined, knowledge: Knowledge): LoadedSiteConfig | undefined {
  if (file === undefined || file === '') return undefined;
  const { data, sha256 } = readSiteConfigFile(file);
  if (!validate(data)) {
    const error = validate.errors?.[0];
    const segments = [...(error?.instancePath.split('/').slice(1) ?? []), ...(error?.keyword === 'additionalProperties' ? [String(error.params.additionalProperty)] : [])];
    const problem = error?.keyword === 'additionalProperties' ? 'is not something a site may set' : (error?.message ?? 'is invalid');
    throw new SiteConfigError(CODES.invalid, file, segments.join('.') || '(root)', problem);
  }
  assertKnownIds(file, data, knowledge);
  return { file, config: data, sha256 };
}
