import type { Rule } from './rule-types.js';
import { hasProblemIn, isCodedIn, problemsIn, removableOrdersOf, selectedOrdersIn } from './chart-facts.js';
import { CRAMP_SETS, PSG_INDICATION_SETS } from './knowledge-ids.js';

/**
 * Polysomnography is not indicated for simple nocturnal leg cramps; reserve it for suspected PLMD or RLS
 * when the diagnosis is unclear (guidance "Common Pitfalls"; AASM 2005). Fires on a selected sleep-study
 * order when the chart shows cramps and none of RLS, PLMD or sleep apnea, and the order itself gives none of
 * them as its reason (`reasonCode`): a suspected diagnosis is often written on the order before the chart.
 */

/** Warns on a sleep study ordered for simple leg cramps. */
export const psgNotIndicated: Rule = ({ findings, hook, knowledge }) => {
  const orders = selectedOrdersIn(findings, hook, knowledge, ['polysomnography']).filter(
    (order) => !isCodedIn(order.finding.reasonCodes, knowledge, PSG_INDICATION_SETS),
  );
  if (orders.length === 0) return [];
  const cramps = problemsIn(findings, knowledge, CRAMP_SETS);
  if (cramps.length === 0 || hasProblemIn(findings, knowledge, PSG_INDICATION_SETS)) return [];
  return [
    { topic: 'psg-not-indicated', evidence: [...orders, ...cramps], removableOrders: removableOrdersOf(orders) },
  ];
};
