import type { Code } from '../findings/finding-types.js';
import { TOPIC_IDS, type HookId, type LabId, type ThresholdId, type TopicId, type ValueSetId, type WorkupId } from './ids.js';

/**
 * The clinical knowledge base as the service uses it, built once at start-up from `cds-services/`
 * and frozen. Passed in as an argument everywhere (never imported as a global) so tests can build small ones.
 */

/** The card topics of the catalogue (declared once in ids.ts). */
export type TopicCode = TopicId;

export const TOPIC_CODES: readonly TopicCode[] = TOPIC_IDS;

/** How a topic fires (topics.json): the hooks its rule runs on, its card variants, and the variant per hook if any. */
export interface TopicDefinition {
  readonly hooks: readonly HookId[];
  readonly variants: readonly string[];
  /** When the variant follows the hook (e.g. `current` on patient-view, `ordered` on the order hooks). */
  readonly variantByHook?: Readonly<Partial<Record<HookId, string>>>;
}

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

/** A result in `fromUnit` is `slope × value + intercept` in the lab's canonical unit. */
export interface LabUnitEquation {
  readonly fromUnit: string;
  readonly slope: number;
  readonly intercept: number;
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
  /** Units converted by a linear equation instead of UCUM (HbA1c IFCC mmol/mol → NGSP %): slope × value + intercept. */
  readonly equations?: readonly LabUnitEquation[];
  /** The LOINC code used when the service suggests ordering this lab. */
  readonly orderCode: Code;
}

/**
 * Which side of a threshold a value must lie on to cross it: `<` below, `<=` at or below, `>` above, `>=` at or
 * above. Written in the knowledge for every threshold, so the boundary value is never a guess.
 */
export type ThresholdComparator = '<' | '<=' | '>' | '>=';

/** A clinical threshold: always with unit, side and source. */
export interface Threshold {
  readonly value: number;
  readonly unit: string;
  readonly comparator: ThresholdComparator;
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
  /** An override with this reason holds the topic back for the patient (`governance/suppression.ts`). */
  readonly suppress: boolean;
}

/** Whether an override may suppress the topic, and for how many days (absent: the configured default). */
export interface SuppressionPolicy {
  readonly allowed: boolean;
  readonly days?: number;
}

/** Texts of one card topic. `{{…}}` placeholders are filled by `cards/` only. */
export interface CardTemplate {
  readonly title: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  /** The indicator of a variant whose urgency differs from `indicator` (e.g. info on the chart, warning on an order). */
  readonly variantIndicators?: Readonly<Record<string, 'info' | 'warning' | 'critical'>>;
  /** Summary per variant (`default`, or e.g. the cramp-vs-rls leaning). Must stay under 140 characters once filled. */
  readonly summary: Readonly<Record<string, string>>;
  /** Markdown paragraphs before the evidence list, per variant. */
  readonly detail: Readonly<Record<string, string>>;
  readonly citations: readonly string[];
  /** The citations of a variant whose evidence differs (e.g. AASM for RLS, the guidance for cramps); else `citations`. */
  readonly variantCitations?: Readonly<Record<string, readonly string[]>>;
  /**
   * The citations of a snippet wording (snippet name → key → ids), linked when the card's text uses that wording: the
   * pregnancy line cites the pregnancy consensus, not the guideline for adults.
   */
  readonly snippetCitations?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly overrideReasons: readonly OverrideReason[];
  readonly suppression: SuppressionPolicy;
  /**
   * Alternative wordings a rule picks by the facts of the chart: snippet name → key → text. A `{{name}}` in a
   * summary or detail is replaced by the text of the key the assessment chose (trusted knowledge text, then filled).
   */
  readonly snippets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Label of a suggestion, e.g. "Remove the {{order}} order" or "Order {{lab}}". */
  readonly suggestionLabel?: string;
}

/** A lab compared with a threshold: the latest value in the look-back crosses it on the threshold's side. */
export interface LabCriterion {
  readonly labId: LabId;
  readonly threshold: ThresholdId;
  readonly direction: 'below' | 'above';
}

/**
 * Who an iron criterion is for: adults with RLS (AASM 2024), adults with RLS whose ferritin lies in the IV-iron-only
 * range 75-100 ng/mL (AASM 2024, tried after `rls-adult`), adults with RLS and end-stage renal disease (AASM 2024),
 * children with RLS (AASM 2024), and leg cramps or PLMD (the project guidance).
 */
export const IRON_POPULATIONS = ['rls-adult', 'rls-adult-iv-only', 'rls-esrd', 'rls-child', 'cramps-plmd'] as const;
export type IronPopulation = (typeof IRON_POPULATIONS)[number];

/** The iron criteria of one population: met when `all` its criteria hold, or `any` one of them. */
export interface IronCriteria {
  readonly match: 'all' | 'any';
  readonly criteria: readonly LabCriterion[];
}

/** A secondary cause of cramps or RLS that the `secondary-causes` card lists, with the examination that goes with it. */
export interface SecondaryCause {
  readonly id: string;
  /** e.g. "Peripheral neuropathy". */
  readonly label: string;
  /** A cause of leg cramps only (`cramps`) or an RLS trigger only (`rls`), by what the chart documents; both when absent. */
  readonly appliesTo?: 'rls' | 'cramps';
  /** Condition value sets that document it. */
  readonly valueSets: readonly ValueSetId[];
  /** Lab criteria that document it: the lab's latest value in the look-back crosses the threshold. */
  readonly labCriteria: readonly LabCriterion[];
  /** The matching examination, e.g. "Neurological exam: sensation, reflexes". */
  readonly examination: string;
  /** The next step when only a lab documents the cause (not "check TSH" after a TSH): e.g. "Repeat TSH with free T4". */
  readonly labExamination?: string;
  /**
   * The step when a problem of these value sets documents the cause as already established (end-stage renal disease:
   * the kidneys are known to have failed, so the card does not ask for renal function again).
   */
  readonly knownDisease?: { readonly valueSets: readonly ValueSetId[]; readonly examination: string };
  /** Citation id of the evidence that this is a cause: the card links it when it names the cause. */
  readonly citation: string;
}

/** One item of the baseline workup: satisfied by a result of any (or, with `satisfiedBy: all`, every) lab in the look-back. */
export interface WorkupItem {
  readonly id: WorkupId;
  readonly title: string;
  /** Whose workup it is: RLS on the chart (`rls`), or leg cramps without RLS (`cramps`); both when absent. */
  readonly appliesTo?: 'rls' | 'cramps';
  readonly labIds: readonly LabId[];
  /** `any` (default): one of the labs is enough; `all`: each lab must have a result. */
  readonly satisfiedBy?: 'any' | 'all';
  /** The lab whose LOINC code the suggested ServiceRequest carries. */
  readonly orderLabId: LabId;
  /** Further labs ordered in the same suggestion (a panel), one ServiceRequest each. */
  readonly alsoOrderLabIds?: readonly LabId[];
  /** `ServiceRequest.patientInstruction` of the suggested orders (e.g. a morning draw). */
  readonly patientInstruction?: string;
  /**
   * Why it is offered: `baseline` (default), every patient of its population; `clinical-suspicion`, to consider
   * "based on clinical suspicion" (guidance "Laboratory Testing"), which the suggestion label says.
   */
  readonly basis?: WorkupBasis;
  /** Not offered when the chart has a problem of one of these value sets (renal function with known ESRD). */
  readonly notWith?: readonly ValueSetId[];
}

export type WorkupBasis = 'baseline' | 'clinical-suspicion';

export interface Knowledge {
  readonly version: string;
  /** The fixed URI of `source.topic.system`. */
  readonly topicSystem: string;
  /** The card `extension` key carrying the cramp-vs-rls leaning. */
  readonly leaningExtensionKey: string;
  readonly source: { readonly label: string; readonly url?: string };
  /** Look-back for labs, in months. */
  readonly labLookbackMonths: number;
  /**
   * A confirmed leg-symptom diagnosis recorded at least this many months ago is settled: patient-view no longer
   * repeats the cramp-vs-RLS differential for it (never for the `mixed` leaning).
   */
  readonly settledDiagnosisMonths: number;
  /**
   * Value set id → months: a Condition of that set without a clinical status counts only when recorded (or with
   * onset) within that many months (a pregnancy: 10). With a clinical status it counts while active.
   */
  readonly statuslessProblemMonths: Readonly<Record<string, number>>;
  /** An "active" MedicationStatement whose period ended or whose date lies further back than this (months) is stale. */
  readonly medicationLookbackMonths: number;
  /** An encounter diagnosis without clinicalStatus is an active problem for this many months after it was recorded. */
  readonly encounterDiagnosisActiveMonths: number;
  /** Age in whole years below which a patient is a child (pediatric iron criterion); unknown age counts as adult. */
  readonly pediatricAgeYears: number;
  /** The iron criteria per population (`iron-deficiency`, and "iron studies allow" in `rls-dopaminergic-augmentation`). */
  readonly ironCriteria: Readonly<Record<IronPopulation, IronCriteria>>;
  readonly valueSets: Readonly<Record<string, ValueSet>>;
  readonly labs: Readonly<Record<string, LabDefinition>>;
  readonly thresholds: Readonly<Record<string, Threshold>>;
  readonly citations: Readonly<Record<string, Citation>>;
  readonly secondaryCauses: readonly SecondaryCause[];
  readonly workup: readonly WorkupItem[];
  readonly cards: Readonly<Record<TopicCode, CardTemplate>>;
  /** Which hooks each topic's rule runs on, and its variants (topics.json). */
  readonly topics: Readonly<Record<TopicCode, TopicDefinition>>;
  /** The site configuration applied at start-up (`CDS_SITE_CONFIG`), if any: logged on every request line. */
  readonly siteConfig?: { readonly sha256: string; readonly version?: string };
}
