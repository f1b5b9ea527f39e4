import { Ajv, type Options, type ValidateFunction } from 'ajv';

/**
 * The ajv options of every knowledge schema, and a compiler for the schemas only the derivation reads
 * (`derive-knowledge.ts`: the sources of the value sets and labs). The schemas the service reads at start-up are
 * compiled with these same options into standalone code (src/standalone-validators/generate.ts), so nothing compiles
 * at start-up.
 */

// strictRequired off: the pinned-source schema says "vsac or pinnedValueSet" with `oneOf: [{ required }]`.
export const KNOWLEDGE_AJV_OPTIONS: Options = { allErrors: false, strict: true, strictRequired: false };

let ajv: Ajv | undefined;

/** Compiles a knowledge schema into a type guard (one Ajv instance, practica `ajv-cache.ts`). Call once per schema. */
export function compileKnowledgeSchema<T>(schema: object): ValidateFunction<T> {
  ajv ??= new Ajv(KNOWLEDGE_AJV_OPTIONS);
  return ajv.compile<T>(schema);
}
