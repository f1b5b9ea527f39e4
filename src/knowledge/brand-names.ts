import type { DerivedValueSet } from './source-types.js';
import { KnowledgeError } from './knowledge-error.js';
import { httpsUrl, nonEmptyString } from './schema-parts.js';

/**
 * The reviewed brand → ingredients table (`cds-services/knowledge/brands.json`). A brand becomes a drug-name
 * fallback name of every medication value set that lists one of its ingredients, so "Lipitor 10 MG Oral Tablet"
 * or "atorvastatin 20 MG Oral Tablet [Lipitor]" (RxNorm's branded-drug names carry the brand in brackets) is a
 * statin even when its code is missing from the pinned expansions. Display/text matching is the documented
 * fallback for drug names only (docs/clinical-logic.md "Drug-name fallback").
 */

/**
 * One brand: its ingredients as the value sets' fallback names write them, the public file that lists it, and the
 * RxNorm branded clinical drugs (SBD) that file lists for it, code → RxNorm name ("… [Brand]").
 */
export interface BrandEntry {
  readonly ingredients: readonly string[];
  readonly source: string;
  readonly codes?: Readonly<Record<string, string>>;
}

/** The content of `brands.json`. */
export interface BrandsFile {
  readonly brands: Readonly<Record<string, BrandEntry>>;
}

export const brandsSchema = {
  type: 'object',
  required: ['brands'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    brands: {
      type: 'object',
      minProperties: 1,
      // A brand as RxNorm brackets it: a capitalised word or words, no punctuation a whole-word match would trip on.
      propertyNames: { pattern: '^[A-Z][A-Za-z0-9]*( [A-Z0-9][A-Za-z0-9]*)*$' },
      additionalProperties: {
        type: 'object',
        required: ['ingredients', 'source'],
        additionalProperties: false,
        properties: {
          ingredients: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z -]*$' } },
          source: { anyOf: [httpsUrl, { ...nonEmptyString, pattern: '^[\\w.-]+/[\\w.-]+@[0-9a-f]{7,40}:\\S.*$' }] },
          codes: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[1-9][0-9]*$' }, additionalProperties: nonEmptyString },
        },
      },
    },
  },
} as const;

/**
 * Each medication value set's fallback names plus the brands of its ingredients (lower case, as the matcher
 * reads names). A brand none of whose ingredients is a fallback name of any set is an error: it would match nothing.
 */
export function namesWithBrands(file: string, valueSets: readonly DerivedValueSet[], brands: BrandsFile): ReadonlyMap<string, readonly string[]> {
  const allNames = new Set(valueSets.flatMap((vs) => vs.names.map((n) => n.toLowerCase())));
  for (const [brand, entry] of Object.entries(brands.brands)) {
    if (!entry.ingredients.some((i) => allNames.has(i))) {
      throw new KnowledgeError(file, `brands.${brand}.ingredients`, 'none is a drug-name fallback name of a medication value set');
    }
  }
  return new Map(
    valueSets.map((vs) => {
      const names = vs.names.map((n) => n.toLowerCase());
      const own = new Set(names);
      const branded = Object.entries(brands.brands)
        .filter(([, entry]) => entry.ingredients.some((i) => own.has(i)))
        .map(([brand]) => brand.toLowerCase());
      return [vs.id, [...names, ...branded]];
    }),
  );
}

/**
 * Each medication value set's RxNorm SBD codes from the brands of its ingredients, as for the names: a brand's codes
 * join exactly the sets it is a fallback name of (none for a set without a name fallback). Every listed name must
 * carry the brand in brackets, as RxNorm writes a branded drug, so a code copied under the wrong brand stops start-up.
 */
export function brandCodes(file: string, valueSets: readonly DerivedValueSet[], brands: BrandsFile): ReadonlyMap<string, readonly string[]> {
  for (const [brand, entry] of Object.entries(brands.brands)) {
    for (const [code, name] of Object.entries(entry.codes ?? {})) {
      if (!name.includes(`[${brand}]`)) throw new KnowledgeError(file, `brands.${brand}.codes.${code}`, `"${name}" does not name the brand [${brand}]`);
    }
  }
  return new Map(
    valueSets.map((vs) => {
      const own = new Set(vs.names.map((n) => n.toLowerCase()));
      const codes = Object.values(brands.brands)
        .filter((entry) => entry.ingredients.some((i) => own.has(i)))
        .flatMap((entry) => Object.keys(entry.codes ?? {}));
      return [vs.id, codes];
    }),
  );
}
