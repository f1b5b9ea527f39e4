import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { SchemaValidator } from '../standalone-validators/schema-validator.js';
import { KnowledgeError } from './knowledge-error.js';

/**
 * Reading and validating knowledge JSON files. Start-up only (synchronous reads). The service's validators are
 * ajv standalone code generated from the schemas (src/standalone-validators); the derivation script compiles its
 * own (knowledge-schema-compiler.ts) with the same options.
 */

/** The parsed content of a JSON file; KnowledgeError when it is missing or not JSON. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new KnowledgeError(file, '(file)', 'cannot be read');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new KnowledgeError(file, '(file)', `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
}

/** Validates `data` (the content of `file`) and returns it typed, or throws naming the first bad field. */
export function assertValid<T>(file: string, data: unknown, validate: SchemaValidator<T>, fieldPrefix = ''): T {
  if (validate(data)) return data;
  const error = validate.errors?.[0];
  throw new KnowledgeError(file, fieldName(fieldPrefix, error), error?.message ?? 'is invalid');
}

/** Reads a whole file validated by one schema. */
export function readKnowledgeFile<T>(file: string, validate: SchemaValidator<T>): T {
  return assertValid(file, readJsonFile(file), validate);
}

/**
 * Reads an `{ "<id>": entry, … }` file (an optional `$comment` string is allowed for reviewers) and validates
 * each entry; ids must be kebab-case. Returns the entries in file order.
 */
export function readIdRecordFile<T>(file: string, validateEntry: SchemaValidator<T>): ReadonlyMap<string, T> {
  const data = readJsonFile(file);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new KnowledgeError(file, '(root)', 'must be an object of id → entry');
  }
  const entries = new Map<string, T>();
  for (const [id, value] of Object.entries(data)) {
    if (id === '$comment') {
      if (typeof value !== 'string') throw new KnowledgeError(file, id, 'must be a string');
      continue;
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new KnowledgeError(file, id, 'id must be kebab-case');
    entries.set(id, assertValid(file, value, validateEntry, id));
  }
  return entries;
}

// `/labs/3/codes/0` → `labs[3].codes[0]`; required/additional-property errors name the property itself.
function fieldName(prefix: string, error: ErrorObject | undefined): string {
  const parts = (error?.instancePath ?? '').split('/').filter((p) => p.length > 0);
  let path = prefix;
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : `${path === '' ? '' : '.'}${part}`;
  const extra: unknown = error?.params['additionalProperty'] ?? error?.params['missingProperty'];
  if (typeof extra === 'string') path += `${path === '' ? '' : '.'}${extra}`;
  return path === '' ? '(root)' : path;
}
