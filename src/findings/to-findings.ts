import type { Patient } from 'fhir/r4.js';
import type { HookContext } from '../hooks/hook-types.js';
import type { PatientRecord } from '../gather/patient-record.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { Findings } from './finding-types.js';
import { readLabs } from './labs.js';
import { labsOrdered } from './ordered-labs.js';
import { toMedicationFindings } from './medications.js';
import { conditionsById } from './order-reasons.js';
import { toDraftMedicationFindings, toOrderFindings } from './orders.js';
import { toProblemFindings } from './problems.js';
import { lookbackStart, timeOf } from './lookback.js';
import { valueSetIdsOf } from '../knowledge/value-set-index.js';
import type { ProblemFinding } from './finding-types.js';

/**
 * The typed clinical facts of one request: active problems, current medications and draft medication orders,
 * other draft orders, the latest lab results in the look-back in canonical units, the labs with a test under way
 * (registered or preliminary results, active orders) and the results whose unit could not be read.
 * @param record - the gathered record, already limited to the context patient
 * @param context - the hook context (draft orders and selections)
 * @param knowledge - labs and look-back
 * @param now - the request's clock; nothing here reads the system clock
 * @returns findings for the rules
 */
export function toFindings(record: PatientRecord, context: HookContext, knowledge: Knowledge, now: Date): Findings {
  const conditions = conditionsById(record.conditions);
  const medicationOptions = { now, medicationLookbackMonths: knowledge.medicationLookbackMonths };
  const labs = readLabs(record.observations, knowledge, now);
  const ordered = new Set(labsOrdered(record.serviceRequests, knowledge, now));
  return {
    problems: toProblemFindings(record.conditions, { now, encounterDiagnosisActiveMonths: knowledge.encounterDiagnosisActiveMonths }).filter(
      (problem) => isCurrentProblem(problem, knowledge, now),
    ),
    medications: [
      ...toMedicationFindings(record, medicationOptions, conditions),
      ...toDraftMedicationFindings(context, record.medications, conditions),
    ],
    orders: toOrderFindings(context, conditions),
    labs: labs.labs,
    labsInProgress: Object.keys(knowledge.labs).filter((id) => labs.inProgress.includes(id) || ordered.has(id)),
    unreadableResults: labs.unreadable,
    ...birthDateOf(record.patient),
  };
}

/**
 * A problem of a time-limited set (`knowledge.statuslessProblemMonths`, e.g. a pregnancy) without a clinical status
 * counts only when dated within its months; undated, it cannot be placed in time and does not count.
 */
function isCurrentProblem(problem: ProblemFinding, knowledge: Knowledge, now: Date): boolean {
  if (problem.clinicalStatus !== undefined) return true;
  // The sets the codes are in, found once through the value-set index (src/knowledge/value-set-index.ts).
  const member = valueSetIdsOf(problem.codes, knowledge.valueSets);
  const limits = Object.entries(knowledge.statuslessProblemMonths).filter(([id]) => member.has(id));
  if (limits.length === 0) return true;
  const time = timeOf(problem.source.date);
  return limits.every(([, months]) => time !== undefined && time >= lookbackStart(now, months).getTime() && time <= now.getTime());
}

// FHIR R4 `date` (§2.24.0.2): YYYY, YYYY-MM or YYYY-MM-DD; anything else is ignored rather than guessed.
const FHIR_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function birthDateOf(patient: Patient | undefined): { readonly birthDate?: string } {
  const birthDate: unknown = patient?.birthDate;
  return typeof birthDate === 'string' && FHIR_DATE.test(birthDate) ? { birthDate } : {};
}
