import type { Code } from '../findings/finding-types.js';

/**
 * Shapes of the hand-written knowledge sources (`cds-services/knowledge/value-sets.json`, `labs.json`) and of
 * the files derived from them (`cds-services/knowledge/derived/*.expanded.json`).
 */

/** A code written out in a source file, with the system URI. */
export interface ListedCode {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

/** Members of a pinned expansion in `cds-services/knowledge/sources/vsac/`, optionally filtered. */
export interface PinnedSource {
  /** VSAC OID: file `valueset-<OID>.json`. */
  readonly vsac?: string;
  /** Non-VSAC pinned file `valueset-<name>.json` (e.g. the payer sleep-study set). */
  readonly pinnedValueSet?: string;
  /** Keep members whose display contains any of these words (case-insensitive, word boundary). */
  readonly displayIncludes?: readonly string[];
  /** Drop members whose display contains any of these words. */
  readonly displayExcludes?: readonly string[];
  /** Keep only these member codes (each must exist in the file). */
  readonly codes?: readonly string[];
}

/**
 * Codes listed by hand under a label: a section of the project's terminology review (`codes.md A1`, …) or a public
 * source (`repo@commit:path`). The public source of every listed code is in
 * `cds-services/knowledge/sources/code-provenance.json` (tests/knowledge/code-provenance.test.ts).
 */
export interface ListedSource {
  readonly source: string;
  readonly codes: readonly ListedCode[];
}

/**
 * Synthea test-data medication codes: `names` adds every MedicationRequest code whose display matches the
 * value set's names; `codes` adds the listed codes (which must exist in the data) with the reason in `why`.
 */
export interface SyntheaSource {
  readonly synthea: 'names' | 'codes';
  readonly codes?: readonly string[];
  readonly why?: string;
}

export type ValueSetSource = PinnedSource | ListedSource | SyntheaSource;

/** One value set as a clinician reviews it. */
export interface ValueSetDefinition {
  readonly title: string;
  readonly kind: 'condition' | 'medication' | 'order';
  /** One line: why these members. */
  readonly decision: string;
  /** Lower-case ingredient names for the drug-name fallback (medication sets). */
  readonly names?: readonly string[];
  readonly include: readonly ValueSetSource[];
}

/** A molar mass with its source, for molar ↔ mass conversion. */
export interface MolarMass {
  readonly value: number;
  readonly citation: string;
  readonly note?: string;
}

/**
 * A linear equation from a unit that measures the same analyte on another scale (HbA1c IFCC mmol/mol → NGSP %):
 * canonical = slope × value + intercept. Used where UCUM has no factor, because the two scales are not multiples.
 */
export interface UnitEquation {
  readonly fromUnit: string;
  readonly slope: number;
  readonly intercept: number;
  readonly citation: string;
  readonly note?: string;
}

/** What a lab says of itself, in `labs.json` and in its derived expansion alike. */
export interface LabProperties {
  readonly title: string;
  /** The prefetch key of `cds-services/services.json` whose query must list every member. */
  readonly prefetchKey: string;
  readonly canonicalUnit: string;
  readonly molarMass?: MolarMass;
  /** Ionic valence, so results in equivalents (mEq/L) convert. */
  readonly charge?: number;
  /** Results in `fromUnit` convert to the canonical unit by this equation, not by UCUM. */
  readonly equations?: readonly UnitEquation[];
  readonly orderCode: Code;
}

/** One lab as a clinician reviews it. */
export interface LabSourceDefinition extends LabProperties {
  readonly decision: string;
  readonly include: readonly ValueSetSource[];
}

/** A member of a derived value set or lab, with where it came from. */
export interface DerivedCode {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
  /** `vsac:<OID>`, `synthea:<file>`, `pinned:<name>` or a listed source's label (see {@link ListedSource}). */
  readonly source: string;
}

/** One entry of `derived/value-sets.expanded.json`. */
export interface DerivedValueSet {
  readonly id: string;
  readonly title: string;
  readonly kind: ValueSetDefinition['kind'];
  readonly sources: readonly string[];
  readonly names: readonly string[];
  readonly codes: readonly DerivedCode[];
}

/** One entry of `derived/labs.expanded.json`. */
export interface DerivedLab extends LabProperties {
  readonly id: string;
  readonly sources: readonly string[];
  readonly codes: readonly DerivedCode[];
}

/** The content of `derived/value-sets.expanded.json`. */
export interface DerivedValueSetsFile {
  readonly generatedBy: string;
  readonly valueSets: readonly DerivedValueSet[];
}

/** The content of `derived/labs.expanded.json`. */
export interface DerivedLabsFile {
  readonly generatedBy: string;
  readonly labs: readonly DerivedLab[];
}
