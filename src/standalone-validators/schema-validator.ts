import type { ErrorObject } from 'ajv';

/**
 * What an ajv validator is to its callers: a type guard that leaves the errors of its last call on itself. Both the
 * generated standalone validators of this folder and `ajv.compile`'s functions are one.
 */
export interface SchemaValidator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}
