import type { Code } from '../findings/finding-types.js';

/**
 * The clinical knowledge base as the service uses it, built once at start-up from `cds-services/`
 * and frozen. Passed in as an argument everywhere (never imported as a global) so tests can build small ones.
 */

/** The card topics of the catalogue; the same string names the rule file, its card texts and `source.topic.code`. */
export type TopicCode =
  | 'cramp-vs-rls'
  | 'rls-aggravating-drug'
  | 'cramp-drug-culprit'
  | 'psg-not-indicated'
  | 'dopaminergic-for-cramps'
  | 'quinine-for-cramps'
  | 'iron-deficiency'
  | 'secondary-causes'
  | 'workup-labs'
  | 'electrolyte-pitfall';

export const TOPIC_CODES: readonly TopicCode[] = [
  'cramp-vs-rls',
  'rls-aggravating-drug',
  'cramp-drug-culprit',
  'psg-not-indicated',
  'dopaminergic-for-cramps',
  'quinine-for-cramps',
  'iron-deficiency',
  'secondary-causes',
  'workup-labs',
  'electrolyte-pitfall',
];

/** A value set compiled for hash lookups. */
export interface ValueSet {
  readonly id: string;
  /** Human name, used in card texts (e.g. "Thiazide or loop diuretic"). */
  readonly title: string;
  /** `codeKey(system, code)` of every member. */
  readonly keys: ReadonlySet<string>;
  /** Lower-cased ingredient names for the drug-name fallback (medication sets only; empty otherwise). */
  readonly names: readonly string[];
  /** Where the codes come from: VSAC OIDs, Synthea files, listed-source labels (see `sources/code-provenance.json`). */
  readonly sources: readonly string[];
}

/** A lab the rules read, with the unit every value is converted to. */
export interface LabDefinition {
  readonly id: string;
  readonly title: string;
  readonly keys: ReadonlySet<string>;
  /** UCUM unit all results are converted to, e.g. `ng/mL`. */
  readonly canonicalUnit: string;
  /** g/mol, for converting molar results (e.g. ferritin pmol/L); absent when no molar unit is expected. */
  readonly molarMass?: number;
  /** Ionic valence, for converting equivalents (e.g. potassium mEq/L → mmol/L); absent for non-ions. */
  readonly charge?: number;
  /** The LOINC code used when the service suggests ordering this lab. */
  readonly orderCode: Code;
}

/** A clinical threshold: always with unit and source. */
export interface Threshold {
  readonly value: number;
  readonly unit: string;
  /** Citation id in `Knowledge.citations`. */
  readonly citation: string;
}

export interface Citation {
  readonly label: string;
  readonly url: string;
}

export interface OverrideReason {
  readonly code: string;
  readonly display: string;
}

/** Texts of one card topic. `{{…}}` placeholders are filled by `cards/` only. */
export interface CardTemplate {
  readonly title: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  /** Summary per variant (`default`, or e.g. the cramp-vs-rls leaning). Must stay under 140 characters once filled. */
  readonly summary: Readonly<Record<string, string>>;
  /** Markdown paragraphs before the evidence list, per variant. */
  readonly detail: Readonly<Record<string, string>>;
  readonly citations: readonly string[];
  readonly overrideReasons: readonly OverrideReason[];
  /** Label of a suggestion, e.g. "Remove the {{order}} order" or "Order {{lab}}". */
  readonly suggestionLabel?: string;
}

/** A secondary cause of cramps or RLS that the `secondary-causes` card lists, with the examination that goes with it. */
export interface SecondaryCause {
  readonly id: string;
  /** e.g. "Peripheral neuropathy". */
  readonly label: string;
  /** Condition value sets that document it. */
  readonly valueSets: readonly string[];
  /** Lab criteria that document it: the lab's latest value in the look-back crosses the threshold. */
  readonly labCriteria: readonly { readonly labId: string; readonly threshold: string; readonly direction: 'below' | 'above' }[];
  /** The matching examination, e.g. "Neurological exam: sensation, reflexes". */
  readonly examination: string;
}

/** One item of the baseline workup: satisfied by any result of its labs in the look-back. */
export interface WorkupItem {
  readonly id: string;
  readonly title: string;
  readonly labIds: readonly string[];
  /** The lab whose LOINC code the suggested ServiceRequest carries. */
  readonly orderLabId: string;
}

export interface Knowledge {
  readonly version: string;
  /** The fixed URI of `source.topic.system`. */
  readonly topicSystem: string;
  /** The card `extension` key carrying the cramp-vs-rls leaning. */
  readonly leaningExtensionKey: string;
  readonly source: { readonly label: string; readonly url?: string };
  /** Look-back for labs, in months. */
  readonly labLookbackMonths: number;
  readonly valueSets: Readonly<Record<string, ValueSet>>;
  readonly labs: Readonly<Record<string, LabDefinition>>;
  readonly thresholds: Readonly<Record<string, Threshold>>;
  readonly citations: Readonly<Record<string, Citation>>;
  readonly secondaryCauses: readonly SecondaryCause[];
  readonly workup: readonly WorkupItem[];
  readonly cards: Readonly<Record<TopicCode, CardTemplate>>;
}
