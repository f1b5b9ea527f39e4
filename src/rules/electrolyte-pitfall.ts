import type { ValueSetId } from '../knowledge/ids.js';
import type { Rule } from './rule-types.js';
import { hasProblemIn, labBelow, latestLab, medsIn, problemsIn, relevantMeds } from './chart-facts.js';
import { CRAMP_SETS, POTASSIUM_WASTING_SETS } from './knowledge-ids.js';

/**
 * Electrolyte depletion as a cause of cramps is poorly supported: systemic abnormalities do not explain
 * localized cramping (guidance "Common Pitfalls"). Fires on a magnesium or potassium supplement with leg
 * cramps and no documented deficiency (problem, or latest potassium/magnesium below its threshold).
 * Potassium beside a current or ordered loop or thiazide diuretic replaces its losses, a reason of its own: not
 * flagged. Beside a potassium-sparing diuretic it is flagged as usual.
 */

/** Flags electrolyte supplements for cramps without a documented deficiency. */
export const electrolytePitfall: Rule = ({ findings, hook, knowledge }) => {
  const chartAndOrders = findings.medications.filter((m) => m.origin !== 'draft-order' || m.isSelected);
  const losingPotassium = medsIn(chartAndOrders, knowledge, POTASSIUM_WASTING_SETS).length > 0;
  const supplementSets: readonly ValueSetId[] = losingPotassium ? ['magnesium-supplements'] : ['magnesium-supplements', 'potassium-supplements'];
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, supplementSets);
  if (drugs.length === 0) return [];
  const cramps = problemsIn(findings, knowledge, CRAMP_SETS);
  if (cramps.length === 0 || hasProblemIn(findings, knowledge, ['electrolyte-deficiency'])) return [];
  const low = [
    ...labBelow(findings, knowledge, 'potassium', 'potassium-low'),
    ...labBelow(findings, knowledge, 'magnesium', 'magnesium-low'),
  ];
  if (low.length > 0) return [];
  // Normal levels, when measured, are shown so the clinician sees what was checked.
  const levels = (['potassium', 'magnesium'] as const).flatMap((labId) => {
    const lab = latestLab(findings, labId);
    return lab ? [{ kind: 'lab' as const, finding: lab, group: labId }] : [];
  });
  return [{ topic: 'electrolyte-pitfall', evidence: [...drugs, ...cramps, ...levels] }];
};
