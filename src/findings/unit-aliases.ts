/**
 * The reviewed spellings of lab units that EHRs send instead of UCUM (often only in `Quantity.unit`, as text), each
 * with the UCUM code it means and where the pairing is written. Anything not listed here and not strict UCUM is
 * not understood: the result is reported (`unreadableResults`), never guessed. docs/clinical-logic.md lists them.
 */

/** One alias: the spelling as labs write it, the UCUM code, and its public source. */
export interface UnitAlias {
  readonly alias: string;
  readonly ucum: string;
  readonly source: string;
}

const MIRACUM_SYNONYMS = 'miracum/loinc-conversion@9971147:data/synonyms.tsv';
const UCUM_SPECIFICATION = 'https://ucum.org/ucum (prefixes m and u; [IU]; eq)';

export const UNIT_ALIASES: readonly UnitAlias[] = [
  { alias: 'µg/L', ucum: 'ug/L', source: MIRACUM_SYNONYMS },
  { alias: 'µg/dL', ucum: 'ug/dL', source: MIRACUM_SYNONYMS },
  { alias: 'mIU/mL', ucum: 'm[IU]/mL', source: MIRACUM_SYNONYMS },
  { alias: 'mIU/L', ucum: 'm[IU]/L', source: MIRACUM_SYNONYMS },
  { alias: 'µIU/mL', ucum: 'u[IU]/mL', source: MIRACUM_SYNONYMS },
  { alias: 'uIU/mL', ucum: 'u[IU]/mL', source: UCUM_SPECIFICATION },
  { alias: 'mL/min/1.73 m2', ucum: 'mL/min/{1.73_m2}', source: MIRACUM_SYNONYMS },
  { alias: 'mEq/L', ucum: 'meq/L', source: UCUM_SPECIFICATION },
];

/**
 * Aliases match ignoring case and spaces ("MIU/ML", "mL/min/1.73m2"): no lab writes mega-units, and the table is
 * closed, so case folding cannot turn one listed unit into another. NFKC folds the micro sign (U+00B5) into the
 * Greek mu (U+03BC) that is also sent for it.
 */
const keyOf = (unit: string): string => unit.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const BY_KEY: ReadonlyMap<string, string> = new Map(UNIT_ALIASES.map((a) => [keyOf(a.alias), a.ucum]));

/** The UCUM code of a listed alias spelling, or `unit` itself when it is not one. */
export function ucumOfAlias(unit: string): string {
  return BY_KEY.get(keyOf(unit)) ?? unit;
}
