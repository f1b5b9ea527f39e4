import type { LabId, ValueSetId } from '../knowledge/ids.js';

/**
 * How the rules group the knowledge ids they read. Every id is typed by its list in src/knowledge/ids.ts, so a
 * misspelt id fails the compiler, and the loader requires every id of those lists at start-up: there is no second
 * registry of "ids a rule reads" to keep in step (docs/adding-a-topic.md).
 */

/** Condition value sets that put leg cramps on the chart. */
export const CRAMP_SETS = ['leg-cramps'] as const satisfies readonly ValueSetId[];
/** Condition value sets of RLS and its sleep-study relative PLMD. */
export const RLS_SETS = ['rls', 'plmd'] as const satisfies readonly ValueSetId[];
/** "Leg cramps or RLS on the chart" (issue catalogue: secondary causes, workup); PLMD alone does not count. */
export const CRAMP_OR_RLS_SETS = [...CRAMP_SETS, 'rls'] as const satisfies readonly ValueSetId[];
/** Guidance "Medication-Induced": drugs that can worsen RLS (plus the AASM 2024 list: mirtazapine, sedating antihistamines). */
export const RLS_AGGRAVATOR_SETS = [
  'tricyclic-antidepressants',
  'ssris',
  'snris',
  'mirtazapine',
  'lithium',
  'dopamine-antagonists',
  'sedating-antihistamines',
] as const satisfies readonly ValueSetId[];
/** Guidance "Medication-Induced": diuretics and statins cause or worsen cramps. */
export const CRAMP_CULPRIT_SETS = ['diuretics', 'statins'] as const satisfies readonly ValueSetId[];
/** RLS therapy: its presence on a cramp chart is an RLS feature. */
export const RLS_THERAPY_SETS = ['dopaminergic-agents', 'gabapentinoids'] as const satisfies readonly ValueSetId[];
/**
 * Other documented indications that explain an RLS therapy, so it is no RLS feature: dopaminergic drugs for
 * Parkinson disease, gabapentinoids for neuropathic pain (their commonest use).
 */
export const RLS_THERAPY_OTHER_INDICATIONS: Readonly<Record<(typeof RLS_THERAPY_SETS)[number], readonly ValueSetId[]>> = {
  'dopaminergic-agents': ['parkinson-disease'],
  gabapentinoids: ['peripheral-neuropathy', 'radiculopathy'],
};
/** Indications that justify a sleep study (guidance: PSG for suspected PLMD or unclear RLS; AASM 2005). */
export const PSG_INDICATION_SETS = ['rls', 'plmd', 'sleep-apnea'] as const satisfies readonly ValueSetId[];
/** Dopamine agonists and levodopa (pramipexole, ropinirole, rotigotine, levodopa). */
export const DOPAMINERGIC_SETS = ['dopaminergic-agents'] as const satisfies readonly ValueSetId[];
/** Pregnancy: an RLS trigger (mostly iron-related) whose drug choices differ. */
export const PREGNANCY_SETS = ['pregnancy'] as const satisfies readonly ValueSetId[];
/** The iron studies whose results the texts describe: ferritin and transferrin saturation. */
export const IRON_STUDY_LABS = ['ferritin', 'tsat'] as const satisfies readonly LabId[];
/** End-stage renal disease: the AASM 2024 IV iron sucrose criterion for RLS applies. */
export const ESRD_SETS = ['end-stage-renal-disease'] as const satisfies readonly ValueSetId[];
/** Indications for dopaminergic drugs other than cramps. */
export const DOPAMINERGIC_INDICATION_SETS = ['rls', 'plmd', 'parkinson-disease'] as const satisfies readonly ValueSetId[];
export const ELECTROLYTE_SUPPLEMENT_SETS = ['magnesium-supplements', 'potassium-supplements'] as const satisfies readonly ValueSetId[];
/** Drugs whose potassium losses a supplement legitimately replaces: loop and thiazide diuretics, not potassium-sparing ones. */
export const POTASSIUM_WASTING_SETS = ['potassium-wasting-diuretics'] as const satisfies readonly ValueSetId[];
