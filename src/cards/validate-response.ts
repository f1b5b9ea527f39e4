import { Ajv, type ErrorObject } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { CdsResponse } from './card-types.js';
import { cdsResponseSchema } from './response-schema.js';

// ajv-formats is CommonJS: under NodeNext the plugin is `module.exports.default` (it sets both).
const addFormats = ajvFormats.default;

// strictRequired is off: the if/then rules name properties declared one level up (ajv cannot see that).
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv, ['uri', 'uuid']);
const validate = ajv.compile<CdsResponse>(cdsResponseSchema);

/** True when the value is a valid CDS Hooks 2.0 response under our strict schema (compiled once). */
export function isValidCdsResponse(value: unknown): value is CdsResponse {
  return validate(value);
}

/** The schema errors of a value, one line each (`instancePath message`), for test messages; empty when valid. */
export function responseErrors(value: unknown): readonly string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
}
