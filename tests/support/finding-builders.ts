import type {
  Code,
  Findings,
  LabFinding,
  MedicationFinding,
  MedicationOrigin,
  OrderFinding,
  ProblemFinding,
} from '../../src/findings/finding-types.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { Knowledge } from '../../src/knowledge/knowledge-types.js';
import type { Assessment, RuleInput } from '../../src/rules/rule-types.js';
import { ruleKnowledge, TEST_CODES } from './rule-knowledge.js';

/**
 * Builders of `Findings` for rule and card tests (no FHIR): each takes the id of a test value set
 * (tests/support/rule-knowledge.ts) and uses its first code, so `problem('rls')` is an RLS problem.
 */

function codeOf(valueSetId: string): Code {
  const code = TEST_CODES[valueSetId];
  if (!code) throw new Error(`no test code for value set ${valueSetId}`);
  return code;
}

/** An active problem coded with the first code of the value set. */
export function problem(valueSetId: string, options: { label?: string; date?: string } = {}): ProblemFinding {
  const code = codeOf(valueSetId);
  return {
    codes: [code],
    label: options.label ?? code.display ?? code.code,
    source: { resourceType: 'Condition', id: `cond-${valueSetId}`, ...(options.date ? { date: options.date } : {}) },
  };
}

/** A medication coded with the first code of the value set: a current statement unless told otherwise. */
export function med(
  valueSetId: string,
  options: {
    codes?: readonly Code[];
    names?: readonly string[];
    label?: string;
    origin?: MedicationOrigin;
    isSelected?: boolean;
    orderRef?: string;
    /** Value-set ids whose first code the order gives as its indication (reasonCode). */
    reasons?: readonly string[];
  } = {},
): MedicationFinding {
  const code = codeOf(valueSetId);
  const name = code.display ?? code.code;
  const origin = options.origin ?? 'statement';
  return {
    codes: options.codes ?? [code],
    names: options.names ?? [name.toLowerCase()],
    label: options.label ?? name.charAt(0).toUpperCase() + name.slice(1),
    origin,
    isSelected: options.isSelected ?? false,
    ...(options.orderRef ? { orderRef: options.orderRef } : {}),
    ...(options.reasons ? { reasonCodes: options.reasons.map(codeOf) } : {}),
    source: { resourceType: origin === 'statement' ? 'MedicationStatement' : 'MedicationRequest' },
  };
}

/** A selected draft medication order (order hooks). */
export function draftMed(
  valueSetId: string,
  orderId: string,
  options: { label?: string; isSelected?: boolean; reasons?: readonly string[] } = {},
): MedicationFinding {
  return med(valueSetId, {
    origin: 'draft-order',
    isSelected: options.isSelected ?? true,
    orderRef: `MedicationRequest/${orderId}`,
    ...(options.label ? { label: options.label } : {}),
    ...(options.reasons ? { reasons: options.reasons } : {}),
  });
}

/** A draft non-medication order (e.g. polysomnography), selected unless told otherwise; `reasons` are value-set ids. */
export function order(
  valueSetId: string,
  orderId: string,
  options: { label?: string; isSelected?: boolean; reasons?: readonly string[] } = {},
): OrderFinding {
  const code = codeOf(valueSetId);
  return {
    codes: [code],
    label: options.label ?? code.display ?? code.code,
    orderRef: `ServiceRequest/${orderId}`,
    reasonCodes: (options.reasons ?? []).map(codeOf),
    isSelected: options.isSelected ?? true,
    source: { resourceType: 'ServiceRequest', id: orderId },
  };
}

/** A lab finding already in its canonical unit; `reported` gives the value and unit as the EHR sent them. */
export function lab(
  labId: string,
  value: number,
  unit: string,
  date: string,
  reported?: { value: number; unit: string },
): LabFinding {
  return {
    labId,
    code: { system: 'http://loinc.org', code: labId },
    value,
    unit,
    reportedValue: reported?.value ?? value,
    reportedUnit: reported?.unit ?? unit,
    effective: date,
    source: { resourceType: 'Observation', id: `obs-${labId}`, date },
  };
}

/** Findings with empty lists unless given. */
export function findings(parts: Partial<Findings> = {}): Findings {
  return { problems: [], medications: [], orders: [], labs: [], labsInProgress: [], unreadableResults: [], ...parts };
}

/** The fixed "now" of rule tests. */
export const NOW = new Date('2026-06-01T12:00:00Z');

/** A RuleInput on the test knowledge (patient-view unless told otherwise). */
export function ruleInput(parts: Partial<Findings>, hook: HookName = 'patient-view', knowledge: Knowledge = ruleKnowledge()): RuleInput {
  return { findings: findings(parts), hook, now: NOW, knowledge };
}

/** The topics of assessments, in order. */
export function assessedTopics(assessments: readonly Assessment[]): readonly string[] {
  return assessments.map((a) => a.topic);
}
