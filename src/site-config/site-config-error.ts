/**
 * The one error a bad site configuration stops start-up with. Like jose's errors (`src/util/errors.ts`, a static
 * `code` per failure), each failure has a stable code an operator can search for and a test can name; the message
 * names the file and the field.
 */

/** Stable codes of `SiteConfigError`. */
export const SITE_CONFIG_ERROR_CODES = {
  /** The file cannot be read or is not JSON. */
  unreadable: 'ERR_SITE_CONFIG_UNREADABLE',
  /** The file does not match the schema (misspelt key, wrong type, value out of range). */
  invalid: 'ERR_SITE_CONFIG_INVALID',
  /** A topic or threshold id that the shipped knowledge does not have. */
  unknownId: 'ERR_SITE_CONFIG_UNKNOWN_ID',
  /** A threshold written in a unit other than the one the rules compare in. */
  unit: 'ERR_SITE_CONFIG_UNIT',
} as const;

export type SiteConfigErrorCode = (typeof SITE_CONFIG_ERROR_CODES)[keyof typeof SITE_CONFIG_ERROR_CODES];

/** `CDS_SITE_CONFIG` names a file the service will not start with. */
export class SiteConfigError extends Error {
  readonly code: SiteConfigErrorCode;
  readonly file: string;
  /** JSON path of the offending field (`(file)` for the whole file). */
  readonly field: string;

  constructor(code: SiteConfigErrorCode, file: string, field: string, problem: string) {
    super(`${code}: ${file}: ${field}: ${problem}`);
    this.name = 'SiteConfigError';
    this.code = code;
    this.file = file;
    this.field = field;
  }
}
