import type { HookName } from '../hooks/hook-types.js';
import type { Code, Findings, LabFinding, MedicationFinding } from '../findings/finding-types.js';
import type { LabId, ThresholdId, ValueSetId } from '../knowledge/ids.js';
import type { Knowledge, LabCriterion, TopicCode } from '../knowledge/knowledge-types.js';
import { firstIdIn, firstMedicationSet, valueSetIdsOf, withValueSetIds } from '../knowledge/value-set-index.js';
import type { Assessment, Evidence, ThresholdCriterion } from './rule-types.js';
import { PREGNANCY_SETS } from './knowledge-ids.js';

/**
 * Chart predicates shared by the rules. Every match is system + code (value-set-index, value-set-match), with the
 * documented drug-name fallback for medications only.
 */

export type ProblemEvidence = Extract<Evidence, { kind: 'problem' }>;
export type MedicationEvidence = Extract<Evidence, { kind: 'medication' }>;
export type OrderEvidence = Extract<Evidence, { kind: 'order' }>;
export type LabEvidence = Extract<Evidence, { kind: 'lab' }>;

/** A removable draft order as an Assessment lists it. */
export interface RemovableOrder {
  readonly ref: string;
  readonly label: string;
}

// The loader checks at start-up that every id the rules use exists (src/knowledge/ids.ts; tests/rules/knowledge-ids.test.ts);
// an id missing from a hand-built test knowledge simply matches nothing. The rules ask these for every finding and
// many lists of sets, so membership goes through the value-set index (src/knowledge/value-set-index.ts): the sets a
// finding is in are found once per request, not tested set by set for every question (issue 11's profile).

/** True for the hooks that carry draft orders (order-select, order-sign). */
export function isOrderHook(hook: HookName): boolean {
  return hook !== 'patient-view';
}

/** The card variant the knowledge gives the topic on this hook (topics.json `variantByHook`), as Assessment fields. */
export function variantForHook(knowledge: Knowledge, topic: TopicCode, hook: HookName): { readonly variant?: string } {
  const variant = knowledge.topics[topic].variantByHook?.[hook];
  return variant === undefined ? {} : { variant };
}

/** Problems coded in one of the value sets, each with the first set it matches. */
export function problemsIn(findings: Findings, knowledge: Knowledge, ids: readonly ValueSetId[]): readonly ProblemEvidence[] {
  const found: ProblemEvidence[] = [];
  for (const { finding, ids: member } of withValueSetIds(findings.problems, knowledge.valueSets)) {
    const valueSet = firstIdIn(member, ids);
    if (valueSet !== undefined) found.push({ kind: 'problem', finding, valueSet });
  }
  return found;
}

/** True when one of the codes is in one of the value sets. */
export function isCodedIn(codes: readonly Code[], knowledge: Knowledge, ids: readonly ValueSetId[]): boolean {
  return firstIdIn(valueSetIdsOf(codes, knowledge.valueSets), ids) !== undefined;
}

/** True when an active problem is coded in one of the value sets. */
export function hasProblemIn(findings: Findings, knowledge: Knowledge, ids: readonly ValueSetId[]): boolean {
  return withValueSetIds(findings.problems, knowledge.valueSets).some(({ ids: member }) => firstIdIn(member, ids) !== undefined);
}

/**
 * The medications a hook may speak about. patient-view: the current medications (statements and requests).
 * order-select/order-sign: the selected draft orders only ("Decision support should focus on the 'selected'
 * orders", CDS Hooks Library order-select); findings mark every order-sign draft as selected.
 */
export function relevantMeds(findings: Findings, hook: HookName): readonly MedicationFinding[] {
  return findings.medications.filter((med) =>
    isOrderHook(hook) ? med.origin === 'draft-order' && med.isSelected : med.origin !== 'draft-order',
  );
}

/** Medications in one of the value sets, each with the first set it matches. */
export function medsIn(
  meds: readonly MedicationFinding[],
  knowledge: Knowledge,
  ids: readonly ValueSetId[],
): readonly MedicationEvidence[] {
  const found: MedicationEvidence[] = [];
  for (const finding of meds) {
    const valueSet = firstMedicationSet(finding, knowledge.valueSets, ids);
    if (valueSet !== undefined) found.push({ kind: 'medication', finding, valueSet });
  }
  return found;
}

/** Selected draft non-medication orders in one of the value sets (order hooks only). */
export function selectedOrdersIn(
  findings: Findings,
  hook: HookName,
  knowledge: Knowledge,
  ids: readonly ValueSetId[],
): readonly OrderEvidence[] {
  if (!isOrderHook(hook)) return [];
  return withValueSetIds(findings.orders, knowledge.valueSets).flatMap(({ finding, ids: member }): OrderEvidence[] => {
    if (!finding.isSelected) return [];
    const valueSet = firstIdIn(member, ids);
    return valueSet ? [{ kind: 'order', finding, valueSet }] : [];
  });
}

/** The latest result of a lab in the look-back (findings keep at most one per lab id). */
export function latestLab(findings: Findings, labId: LabId): LabFinding | undefined {
  return findings.labs.find((lab) => lab.labId === labId);
}

/**
 * Whether a lab crosses a threshold on the side the knowledge writes for it (`Threshold.comparator`: `<`, `<=`,
 * `>`, `>=`), and that side is the criterion's `direction`. Values are compared only in the same unit: findings
 * convert to the lab's canonical unit, and the loader checks thresholds use it.
 */
export function crossesThreshold(
  lab: LabFinding,
  knowledge: Knowledge,
  thresholdId: ThresholdId,
  direction: 'below' | 'above',
): boolean {
  const threshold = knowledge.thresholds[thresholdId];
  if (!threshold || threshold.unit !== lab.unit) return false;
  const below = threshold.comparator === '<' || threshold.comparator === '<=';
  if (below !== (direction === 'below')) return false;
  const inclusive = threshold.comparator === '<=' || threshold.comparator === '>=';
  const limit = threshold.value;
  // A censored result ("<5", ">500") only crosses when its bound proves it: ">40" is never "below 50", and "<50"
  // is below 50 because the true value lies under 50.
  const { value, comparator } = lab;
  if (below) {
    if (comparator === '>' || comparator === '>=') return false;
    if (comparator === '<') return value <= limit;
    return inclusive ? value <= limit : value < limit;
  }
  if (comparator === '<' || comparator === '<=') return false;
  if (comparator === '>') return value >= limit;
  return inclusive ? value >= limit : value > limit;
}

/**
 * Whole years of age at `now` (UTC) from a FHIR birth date; a partial date (YYYY, YYYY-MM) reads as the start
 * of that period, as other FHIR dates do here. Undefined without a birth date.
 */
export function ageInYears(birthDate: string | undefined, now: Date): number | undefined {
  const match = birthDate === undefined ? null : /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2] ?? '1'), Number(match[3] ?? '1')];
  const beforeBirthday = now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  return now.getUTCFullYear() - year - (beforeBirthday ? 1 : 0);
}

/** True when the patient's birth date makes them a child (`knowledge.pediatricAgeYears`); unknown age is an adult. */
export function isChild(findings: Findings, knowledge: Knowledge, now: Date): boolean {
  const age = ageInYears(findings.birthDate, now);
  return age !== undefined && age < knowledge.pediatricAgeYears;
}

/**
 * Which RLS care line the texts give (the `rlsCare` snippets): pregnancy first (obstetric care plans any drug), then
 * the pediatric line; neither names a gabapentinoid first line. Undefined age is an adult.
 */
export function rlsCareLine(findings: Findings, knowledge: Knowledge, now: Date): 'pregnancy' | 'child' | 'standard' {
  if (hasProblemIn(findings, knowledge, PREGNANCY_SETS)) return 'pregnancy';
  return isChild(findings, knowledge, now) ? 'child' : 'standard';
}

/** The latest result of a lab compared with a criterion, as evidence saying whether it met it (none without a result). */
export function labAgainst(findings: Findings, knowledge: Knowledge, labId: LabId, criterion: ThresholdCriterion): readonly LabEvidence[] {
  const lab = latestLab(findings, labId);
  return lab ? [{ kind: 'lab', finding: lab, criterion, isMet: crossesThreshold(lab, knowledge, criterion.threshold, criterion.direction) }] : [];
}

/** The latest result of a lab as evidence when it meets the criterion (`labId`, threshold and side). */
export function labMeeting(findings: Findings, knowledge: Knowledge, criterion: LabCriterion): readonly LabEvidence[] {
  const { labId, threshold, direction } = criterion;
  return labAgainst(findings, knowledge, labId, { threshold, direction }).filter((item) => item.isMet);
}

/** The latest result of a lab as evidence when it is below the threshold. */
export function labBelow(
  findings: Findings,
  knowledge: Knowledge,
  labId: LabId,
  thresholdId: ThresholdId,
): readonly LabEvidence[] {
  return labMeeting(findings, knowledge, { labId, threshold: thresholdId, direction: 'below' });
}

/** The draft orders behind medication or order evidence that a card may offer to remove. */
export function removableOrdersOf(evidence: readonly Evidence[]): readonly RemovableOrder[] {
  return evidence.flatMap((item): RemovableOrder[] => {
    if (item.kind === 'order' && item.finding.isSelected) return [{ ref: item.finding.orderRef, label: item.finding.label }];
    if (item.kind !== 'medication') return [];
    const { origin, isSelected, orderRef, label } = item.finding;
    return origin === 'draft-order' && isSelected && orderRef ? [{ ref: orderRef, label }] : [];
  });
}

/**
 * The selected draft orders among the drugs that a card may offer to remove without stopping a drug: a draft whose
 * value set a current (non-draft) medication is also in is a renewal or a dose change of a drug the patient takes,
 * and removing it would stop that drug abruptly (clinical review of 2.5.0), so it is not offered.
 */
export function removableWithoutStopping(
  drugs: readonly MedicationEvidence[],
  findings: Findings,
  knowledge: Knowledge,
): readonly RemovableOrder[] {
  const current = findings.medications.filter((m) => m.origin !== 'draft-order');
  const currentSets = new Set(medsIn(current, knowledge, [...new Set(drugs.map((d) => d.valueSet))]).map((c) => c.valueSet));
  return removableOrdersOf(drugs.filter((d) => !currentSets.has(d.valueSet)));
}

/**
 * The assessment of a drug topic: the drugs, then the chart problems that make them matter; the selected draft
 * orders among the drugs are offered for removal (all of them, or the ones `removable` gives).
 */
export function drugAssessment(
  topic: TopicCode,
  drugs: readonly MedicationEvidence[],
  chart: readonly ProblemEvidence[],
  removable: readonly RemovableOrder[] = removableOrdersOf(drugs),
): Assessment {
  return { topic, evidence: [...drugs, ...chart], ...(removable.length > 0 ? { removableOrders: removable } : {}) };
}
