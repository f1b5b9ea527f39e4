import type { Rule } from './rule-types.js';
import { hasProblemIn, isChild, isCodedIn, medsIn, problemsIn, relevantMeds, removableWithoutStopping, variantForHook } from './chart-facts.js';
import { ironCriterionMet, ironPopulations } from './iron-criteria.js';
import { DOPAMINERGIC_SETS, ESRD_SETS, PREGNANCY_SETS } from './knowledge-ids.js';

/**
 * AASM 2024 suggests against the standard use of levodopa, pramipexole, ropinirole and rotigotine in adults with
 * RLS, because of augmentation (conditional recommendations). A patient with RLS and such a drug (current on
 * patient-view, selected on the order hooks) gets the card; Parkinson disease explains the drug and silences it,
 * on the chart or as the drug's own reason (reasonCode/reasonReference), as in dopaminergic-for-cramps. The iron
 * results that meet the patient's RLS iron criterion are shown, since iron is a first-line alternative when the iron
 * studies allow.
 * Who the patient is picks the words (snippets): in pregnancy iron only, planned with obstetric care; for a child
 * (decision, clinical review of 2.4.0) the guideline makes no recommendation for these drugs and its only pediatric
 * drug recommendation is iron (ferrous sulfate when ferritin < 50 ng/mL), so the card says so, names iron first and
 * never a gabapentinoid first line; in end-stage renal disease the iron line is the ESRD criterion (IV iron sucrose
 * when ferritin < 200 ng/mL with TSAT < 20 %), not the adult one.
 * A selected draft is offered for removal only when the patient takes no dopaminergic drug yet: beside a current
 * one the draft is a renewal or a dose change, and removing it would stop the drug abruptly.
 */

/** Who the card speaks to: the key of its `firstLine` and `alternatives` snippets. */
export type AugmentationPopulation = 'standard' | 'pregnancy' | 'child' | 'esrd';

/** Flags dopamine agonists and levodopa for RLS: augmentation risk and the first-line alternatives. */
export const rlsDopaminergicAugmentation: Rule = ({ findings, hook, knowledge, now }) => {
  const rls = problemsIn(findings, knowledge, ['rls']);
  if (rls.length === 0 || hasProblemIn(findings, knowledge, ['parkinson-disease'])) return [];
  // Parkinson disease as the order's own indication (reasonCode/reasonReference) explains the drug as the chart's does.
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, DOPAMINERGIC_SETS).filter(
    (drug) => !isCodedIn(drug.finding.reasonCodes ?? [], knowledge, ['parkinson-disease']),
  );
  if (drugs.length === 0) return [];
  const iron = ironCriterionMet(findings, knowledge, ironPopulations(findings, knowledge, now))?.evidence ?? [];
  // Only selected drafts are removable, and only the order hooks carry drafts.
  const removableOrders = removableWithoutStopping(drugs, findings, knowledge);
  // Pregnancy first (obstetric care plans any drug), then the pediatric line, then the ESRD iron line.
  const pregnancy = problemsIn(findings, knowledge, PREGNANCY_SETS);
  const child = isChild(findings, knowledge, now);
  const esrd = problemsIn(findings, knowledge, ESRD_SETS);
  const population: AugmentationPopulation = pregnancy.length > 0 ? 'pregnancy' : child ? 'child' : esrd.length > 0 ? 'esrd' : 'standard';
  const firstLine = population === 'esrd' ? 'standard' : population;
  return [
    {
      topic: 'rls-dopaminergic-augmentation',
      ...variantForHook(knowledge, 'rls-dopaminergic-augmentation', hook),
      snippets: { verdict: child ? 'child' : 'adult', evidence: child ? 'child' : 'adult', firstLine, alternatives: population },
      evidence: [...drugs, ...rls, ...pregnancy, ...(population === 'esrd' ? esrd : []), ...iron],
      ...(removableOrders.length > 0 ? { removableOrders } : {}),
    },
  ];
};
