import { randomUUID } from 'node:crypto';
import type { BundleEntry, FhirResource, Resource } from 'fhir/r4.js';
import { HOOK_NAMES, type HookContext, type HookName } from '../hooks/hook-types.js';
import { ReplayError } from './replay-error.js';

/**
 * The hook request an EHR would send for one patient record (CDS Hooks 2.0 patient-view, order-select,
 * order-sign): draft orders are the record's `draft` MedicationRequests and ServiceRequests plus the `--order`
 * files, and they leave the record (an unsigned order is in the context, not in the chart). order-select selects
 * `--select` or the first draft; order-sign speaks about every draft.
 */

/** The user every replayed call is made as (prefetch templates may name it). */
export const REPLAY_USER = 'Practitioner/replay';

const ORDER_TYPES = new Set(['MedicationRequest', 'ServiceRequest']);

function isDraftOrder(resource: Resource): boolean {
  return ORDER_TYPES.has(resource.resourceType) && (resource as { status?: string }).status === 'draft';
}

export function isHookName(value: string): value is HookName {
  return (HOOK_NAMES as readonly string[]).includes(value);
}

export interface ReplayCall {
  /** The record the EHR's FHIR server (or prefetch) holds: the patient's resources without the drafts. */
  readonly record: readonly Resource[];
  readonly context: HookContext;
}

/** Splits drafts from the record and checks the selections name drafts. */
export function replayCall(
  hook: HookName,
  patientId: string,
  resources: readonly Resource[],
  orders: readonly Resource[],
  select: readonly string[],
): ReplayCall {
  const draftOrders = hook === 'patient-view' ? [] : [...resources.filter(isDraftOrder), ...orders];
  const record = hook === 'patient-view' ? resources : resources.filter((r) => !isDraftOrder(r));
  const refs = draftOrders.map((r) => `${r.resourceType}/${r.id ?? ''}`);
  if (hook !== 'patient-view' && draftOrders.length === 0) throw new ReplayError(`${hook} needs a draft order: give --order <file> (ready ones are in fixtures/add)`);
  if (hook !== 'order-select' && select.length > 0) throw new ReplayError('--select applies to order-select only');
  const unknown = select.find((s) => !refs.includes(s));
  if (unknown !== undefined) throw new ReplayError(`--select ${unknown} is not a draft order (drafts: ${refs.join(', ')})`);
  const selections = hook === 'order-select' ? (select.length > 0 ? [...select] : refs.slice(0, 1)) : [];
  return { record, context: { hook, patientId, userId: REPLAY_USER, selections, draftOrders } };
}

/** The request body: prefetch, or a `fhirServer` to fetch from, or both absent. */
export function hookRequestBody(
  call: ReplayCall,
  data: { readonly prefetch?: Record<string, FhirResource | null>; readonly fhirServer?: string },
): Record<string, unknown> {
  const { hook, patientId, userId, selections, draftOrders } = call.context;
  const context: Record<string, unknown> = { userId, patientId };
  if (hook !== 'patient-view') {
    context['draftOrders'] = { resourceType: 'Bundle', type: 'collection', entry: draftOrders.map((resource): BundleEntry => ({ resource: resource as FhirResource })) };
  }
  if (hook === 'order-select') context['selections'] = selections;
  return {
    hook,
    hookInstance: randomUUID(),
    ...(data.fhirServer ? { fhirServer: data.fhirServer } : {}),
    context,
    ...(data.prefetch ? { prefetch: data.prefetch } : {}),
  };
}
