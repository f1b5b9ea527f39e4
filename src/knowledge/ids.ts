/**
 * The ids the knowledge base and the code agree on, each declared once as an `as const` list from which its type
 * derives: a misspelt id in a rule fails the compiler, and the loader refuses a knowledge folder that lacks any of
 * them (check-references.ts, check-cards.ts), so a missing value set stops start-up instead of silencing a rule.
 * Both `knowledge/` and `rules/` (and `cards/`) import this module; it imports nothing.
 * docs/adding-a-topic.md says which list a new topic extends.
 */

/** The card topics of the catalogue; the same string names the rule file, its card texts and `source.topic.code`. */
export const TOPIC_IDS = [
  'cramp-vs-rls',
  'rls-aggravating-drug',
  'rls-dopaminergic-augmentation',
  'cramp-drug-culprit',
  'psg-not-indicated',
  'dopaminergic-for-cramps',
  'quinine-for-cramps',
  'iron-deficiency',
  'secondary-causes',
  'workup-labs',
  'electrolyte-pitfall',
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

/** The hooks a topic may fire on (the hooks this service answers, src/hooks/hook-types.ts). */
export const HOOK_IDS = ['patient-view', 'order-select', 'order-sign'] as const;
export type HookId = (typeof HOOK_IDS)[number];

/** Condition value sets. */
export const CONDITION_VALUE_SET_IDS = [
  'leg-cramps',
  'rls',
  'plmd',
  'sleep-apnea',
  'parkinson-disease',
  'malaria',
  'peripheral-neuropathy',
  'radiculopathy',
  'peripheral-arterial-disease',
  'hypothyroidism',
  'hyperthyroidism',
  'diabetes',
  'chronic-kidney-disease',
  'end-stage-renal-disease',
  'cirrhosis',
  'pregnancy',
  'fasciculation',
  'paresthesia',
  'lower-limb-weakness',
  'iron-deficiency',
  'electrolyte-deficiency',
] as const;

/** Medication value sets (matched by code, then by drug name). */
export const MEDICATION_VALUE_SET_IDS = [
  'diuretics',
  'potassium-wasting-diuretics',
  'statins',
  'tricyclic-antidepressants',
  'ssris',
  'snris',
  'mirtazapine',
  'lithium',
  'dopamine-antagonists',
  'sedating-antihistamines',
  'dopaminergic-agents',
  'gabapentinoids',
  'quinine',
  'magnesium-supplements',
  'potassium-supplements',
] as const;

/** Order value sets. */
export const ORDER_VALUE_SET_IDS = ['polysomnography'] as const;

/** Every value-set id. */
export const VALUE_SET_IDS = [...CONDITION_VALUE_SET_IDS, ...MEDICATION_VALUE_SET_IDS, ...ORDER_VALUE_SET_IDS] as const;
export type ValueSetId = (typeof VALUE_SET_IDS)[number];

/**
 * Every lab id, with the UCUM unit its values are compared in (`canonicalUnit` in labs.json must be this unit, or
 * another spelling UCUM converts to it with factor 1; anything else stops start-up).
 */
export const LAB_UNITS = {
  ferritin: 'ng/mL',
  tsh: 'm[IU]/L',
  glucose: 'mg/dL',
  'fasting-glucose': 'mg/dL',
  hba1c: '%',
  creatinine: 'mg/dL',
  egfr: 'mL/min/{1.73_m2}',
  potassium: 'mmol/L',
  magnesium: 'mg/dL',
  tsat: '%',
  iron: 'ug/dL',
  tibc: 'ug/dL',
} as const;
export type LabId = keyof typeof LAB_UNITS;
export const LAB_IDS = Object.keys(LAB_UNITS) as readonly LabId[];

/**
 * Every threshold id, with the lab it is compared with: the threshold is compared in that lab's unit (`LAB_UNITS`).
 * A threshold written in another unit is converted to it at load, or start-up stops (check-references.ts).
 */
export const THRESHOLD_LABS = {
  'ferritin-low': 'ferritin',
  'ferritin-rls-adult': 'ferritin',
  'ferritin-rls-iv-lower': 'ferritin',
  'ferritin-rls-iv-upper': 'ferritin',
  'ferritin-rls-esrd': 'ferritin',
  'ferritin-rls-child': 'ferritin',
  'tsat-low': 'tsat',
  'tsh-low': 'tsh',
  'tsh-high': 'tsh',
  'fasting-glucose-high': 'fasting-glucose',
  'glucose-high': 'glucose',
  'hba1c-high': 'hba1c',
  'egfr-low': 'egfr',
  'potassium-low': 'potassium',
  'magnesium-low': 'magnesium',
} as const satisfies Readonly<Record<string, LabId>>;
export type ThresholdId = keyof typeof THRESHOLD_LABS;
export const THRESHOLD_IDS = Object.keys(THRESHOLD_LABS) as readonly ThresholdId[];

/** Every workup item id (clinical.json `workup`). */
export const WORKUP_IDS = ['ferritin', 'iron-panel', 'thyroid', 'glucose', 'renal'] as const;
export type WorkupId = (typeof WORKUP_IDS)[number];

/**
 * Every placeholder the card texts may use, filled by `cards/` (fill-template.ts): `problems` (the chart problems
 * behind the card), `drugs` (drug names), `classes` (drug classes), `lab`, `value`, `unit`, `date`, `threshold`,
 * `bound` (a lab result, its threshold, and the side it crossed, e.g. "at or below 75 ng/mL"), `result` (the result
 * as reported, with the converted value when the unit differs: "112 pmol/L (≈ 49.8 ng/mL)"), `causes` (secondary
 * causes), `tests` (missing workup tests), `count` (number of listed items) and, in suggestion labels, `order`.
 */
export const PLACEHOLDERS = ['problems', 'drugs', 'classes', 'lab', 'value', 'unit', 'result', 'date', 'threshold', 'bound', 'causes', 'tests', 'count', 'order'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** True when the string is one of the ids of the list (narrows it to the list's type). */
export function isIdOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
