/**
 * The ids agreed between the knowledge base and the rules (the knowledge-id list). The loader refuses a knowledge
 * folder that lacks any of them, so a missing value set fails at start-up instead of silencing a rule.
 */

/** Condition value sets. */
export const CONDITION_VALUE_SETS = [
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
export const MEDICATION_VALUE_SETS = [
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
export const ORDER_VALUE_SETS = ['polysomnography'] as const;

/** Every agreed value-set id. */
export const AGREED_VALUE_SETS: readonly string[] = [...CONDITION_VALUE_SETS, ...MEDICATION_VALUE_SETS, ...ORDER_VALUE_SETS];

/** Every agreed lab id. */
export const AGREED_LABS: readonly string[] = [
  'ferritin',
  'tsh',
  'glucose',
  'fasting-glucose',
  'hba1c',
  'creatinine',
  'egfr',
  'potassium',
  'magnesium',
  'tsat',
  'iron',
  'tibc',
];

/** Every agreed threshold id. */
export const AGREED_THRESHOLDS: readonly string[] = [
  'ferritin-low',
  'ferritin-rls-adult',
  'ferritin-rls-esrd',
  'ferritin-rls-child',
  'tsat-low',
  'tsh-low',
  'tsh-high',
  'fasting-glucose-high',
  'glucose-high',
  'hba1c-high',
  'egfr-low',
  'potassium-low',
  'magnesium-low',
];

/** Every agreed workup item id. */
export const AGREED_WORKUP: readonly string[] = ['ferritin', 'iron-panel', 'thyroid', 'glucose', 'renal'];
