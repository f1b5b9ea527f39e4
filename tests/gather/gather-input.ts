import type { OperationOutcome } from 'fhir/r4.js';
import type { HookContext } from '../../src/hooks/hook-types.js';
import { OperationOutcomeError, getStatus } from '../../src/outcomes/operation-outcome.js';
import type { GatherDeps, GatherInput } from '../../src/gather/gather-patient-data.js';

/** Builders shared by the gather tests. */

export const PATIENT_ID = 'p-1';
export const PATIENT_REF = `Patient/${PATIENT_ID}`;
export const TOKEN = 'secret-access-token';

/** Three templates in the style of `cds-services/services.json`. */
export const TEMPLATES: Readonly<Record<string, string>> = {
  patient: 'Patient/{{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  medicationRequests: 'MedicationRequest?patient={{context.patientId}}&_include=MedicationRequest:medication',
};

/** A patient-view context for `patientId`. */
export function patientViewContext(patientId = PATIENT_ID, extra: Partial<HookContext> = {}): HookContext {
  return { hook: 'patient-view', patientId, userId: 'Practitioner/dr-1', selections: [], draftOrders: [], ...extra };
}

/** A gather input with the test templates and a generous deadline unless one is given. */
export function gatherInput(overrides: Partial<GatherInput> = {}): GatherInput {
  return { context: patientViewContext(), templates: TEMPLATES, signal: AbortSignal.timeout(5_000), ...overrides };
}

/** Deps that allow every FHIR server. */
export const allowAll: GatherDeps = { isFhirServerAllowed: () => true };

/** The OperationOutcome a gather promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejectionOutcome(promise: Promise<unknown>): Promise<OperationOutcome> {
  try {
    await promise;
  } catch (err: unknown) {
    if (err instanceof OperationOutcomeError) return err.outcome;
    throw err;
  }
  throw new Error('expected gather to reject with an OperationOutcomeError');
}

/** Status, diagnostics and expression of a single-issue outcome, for exact comparisons. */
export function outcomeSummary(outcome: OperationOutcome): { status: number; diagnostics?: string; expression?: string[] } {
  const issue = outcome.issue[0];
  return { status: getStatus(outcome), diagnostics: issue?.diagnostics, expression: issue?.expression };
}
