import type { ValueSetId } from '../knowledge/ids.js';
import type { Rule } from './rule-types.js';
import { hasProblemIn, labAgainst, medsIn, problemsIn, relevantMeds } from './chart-facts.js';
import { CRAMP_SETS, POTASSIUM_WASTING_SETS } from './knowledge-ids.js';

/**
 * Electrolyte depletion as a cause of cramps is poorly supported: systemic abnormalities do not explain
 * localized cramping (guidance "Common Pitfalls"). Fires on a magnesium or potassium supplement with leg
 * cramps and no documented deficiency (problem, or latest potassium/magnesium below its threshold).
 * Potassium beside a current or ordered loop or thiazide diuretic replaces its losses, a reason of its own: not
 * flagged. Beside a potassium-sparing diuretic it is flagged, naming the hazard: hyperkalaemia (variant), also when a
 * loop or thiazide diuretic is given as well.
 */

/** Flags electrolyte supplements for cramps without a documented deficiency. */
export const electrolytePitfall: Rule = ({ findings, hook, knowledge }) => {
  const chartAndOrders = findings.medications.filter((m) => m.origin !== 'draft-order' || m.isSelected);
  // The potassium-sparing diuretic is looked for first: beside one, potassium is a hyperkalaemia hazard even when a
  // loop or thiazide diuretic is also given (spironolactone with furosemide, clinical review of 2.5.0).
  const sparing = medsIn(chartAndOrders, knowledge, ['diuretics']).filter((d) => medsIn([d.finding], knowledge, POTASSIUM_WASTING_SETS).length === 0);
  const losingPotassium = sparing.length === 0 && medsIn(chartAndOrders, knowledge, POTASSIUM_WASTING_SETS).length > 0;
  const supplementSets: readonly ValueSetId[] = losingPotassium ? ['magnesium-supplements'] : ['magnesium-supplements', 'potassium-supplements'];
  const drugs = medsIn(relevantMeds(findings, hook), knowledge, supplementSets);
  if (drugs.length === 0) return [];
  const cramps = problemsIn(findings, knowledge, CRAMP_SETS);
  if (cramps.length === 0 || hasProblemIn(findings, knowledge, ['electrolyte-deficiency'])) return [];
  // Normal levels, when measured, are shown with the criterion they do not meet, so the clinician sees what was checked.
  const levels = [
    ...labAgainst(findings, knowledge, 'potassium', { threshold: 'potassium-low', direction: 'below' }),
    ...labAgainst(findings, knowledge, 'magnesium', { threshold: 'magnesium-low', direction: 'below' }),
  ];
  if (levels.some((level) => level.isMet)) return [];
  // Potassium beside a potassium-sparing diuretic: the real hazard is hyperkalaemia, and the card says so.
  const potassium = drugs.some((d) => d.valueSet === 'potassium-supplements');
  const variant = potassium && sparing.length > 0 ? 'potassium-sparing' : 'default';
  return [{ topic: 'electrolyte-pitfall', variant, evidence: [...drugs, ...(variant === 'default' ? [] : sparing), ...cramps, ...levels] }];
};
