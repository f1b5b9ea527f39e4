import type { FhirResource } from 'fhir/r4.js';
import { labText } from '../cards/describe-evidence.js';
import { toFindings } from '../findings/to-findings.js';
import { sortIntoPatientRecord } from '../gather/sort-resources.js';
import type { HookContext } from '../hooks/hook-types.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';

/** What the rules see in a chart, in plain text, for a reviewer to read beside the cards. */
export interface KeyFindings {
  /** Active problems, with the date recorded. */
  readonly problems: readonly string[];
  /** Current medications, with where they come from (statement or request). */
  readonly medications: readonly string[];
  /** The latest result of each lab in the look-back, value, unit and date. */
  readonly labs: readonly string[];
}

/** A draft order of an order hook, as the report lists it. */
export interface DraftOrderLine {
  readonly label: string;
  readonly ref?: string;
  readonly selected: boolean;
}

const ORIGIN: Readonly<Record<string, string>> = { statement: 'medication statement', request: 'active prescription' };

/**
 * The chart's key findings through the service's own findings stage (the same record sorting, status filters,
 * unit conversion and look-back the rules use), so the page shows what the cards were judged on.
 */
export function keyFindings(patientId: string, resources: readonly FhirResource[], knowledge: Knowledge, now: Date): KeyFindings {
  const context: HookContext = { hook: 'patient-view', patientId, userId: 'Practitioner/cards-report', selections: [], draftOrders: [] };
  const findings = toFindings(sortIntoPatientRecord(resources, patientId), context, knowledge, now);
  return {
    problems: findings.problems.map((p) => (p.source.date ? `${p.label} (recorded ${p.source.date.slice(0, 10)})` : p.label)),
    medications: findings.medications.map((m) => `${m.label} (${ORIGIN[m.origin] ?? m.origin})`),
    labs: findings.labs.map((lab) => labText(lab, knowledge)),
  };
}

/** The draft orders of an order-hook call, selected ones marked, through the findings stage. */
export function draftOrderLines(context: HookContext, knowledge: Knowledge, now: Date): DraftOrderLine[] {
  const findings = toFindings(sortIntoPatientRecord([], context.patientId), context, knowledge, now);
  return [
    ...findings.medications
      .filter((m) => m.origin === 'draft-order')
      .map((m) => ({ label: m.label, selected: m.isSelected, ...(m.orderRef ? { ref: m.orderRef } : {}) })),
    ...findings.orders.map((o) => ({ label: o.label, ref: o.orderRef, selected: o.isSelected })),
  ];
}
