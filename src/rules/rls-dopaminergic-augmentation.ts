import type { Rule } from './rule-types.js';
import { hasProblemIn, isChild, medsIn, problemsIn, relevantMeds, removableOrdersOf, variantForHook } from './chart-facts.js';
import { ironCriterionMet, ironPopulations } from './iron-criteria.js';
import { DOPAMINERGIC_SETS, PREGNANCY_SETS } from './knowledge-ids.js';

/**
 * AASM 2024 suggests against the standard use of levodopa, pramipexole, ropinirole and rotigotine in adults with
 * RLS, because of augmentation (conditional recommendations). An adult with RLS and such a drug (current on
 * patient-view, selected on the order hooks) gets the card; Parkinson disease explains the drug and silences it,
 * as in dopaminergic-for-cramps. The iron results that meet the RLS iron criterion are shown, since iron is a
 * first-line alternative when the iron studies allow.
 * A selected draft is offered for removal only when the patient takes no dopaminergic drug yet: beside a current
 * one the draft is a renewal or a dose change, and removing it would stop the drug abruptly.
 */

/** Flags dopamine agonists and levodopa for RLS: augmentation risk and the first-line alternatives. */
export const rlsDopaminergicAugmentation: Rule = ({ findings, hook, knowledge, now }) => {
  const rls = problemsIn(findings, knowledge, ['rls']);
  if (rls.length === 0 || isChild(findings, knowledge, now) || hasProblemIn(findings, knowledge, ['parkinson-disease'])) return [];
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, DOPAMINERGIC_SETS);
  if (drugs.length === 0) return [];
  const iron = ironCriterionMet(findings, knowledge, ironPopulations(findings, knowledge, now))?.evidence ?? [];
  const current = findings.medications.filter((m) => m.origin !== 'draft-order');
  const alreadyOnOne = medsIn(current, knowledge, DOPAMINERGIC_SETS).length > 0;
  // Only selected drafts are removable, and only the order hooks carry drafts.
  const removableOrders = alreadyOnOne ? [] : removableOrdersOf(drugs);
  // In pregnancy the drug choices differ: the card names iron only, no gabapentinoid first line.
  const pregnancy = problemsIn(findings, knowledge, PREGNANCY_SETS);
  const pregnant = pregnancy.length > 0;
  return [
    {
      topic: 'rls-dopaminergic-augmentation',
      ...variantForHook(knowledge, 'rls-dopaminergic-augmentation', hook),
      snippets: { firstLine: pregnant ? 'pregnancy' : 'standard', alternatives: pregnant ? 'pregnancy' : 'standard' },
      evidence: [...drugs, ...rls, ...pregnancy, ...iron],
      ...(removableOrders.length > 0 ? { removableOrders } : {}),
    },
  ];
};
