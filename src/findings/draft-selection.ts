import type { Resource } from 'fhir/r4.js';
import type { HookContext } from '../hooks/hook-types.js';
import { toRelativeRef } from './references.js';

/** `Type/id` of a draft order, or undefined when it has no id (it then cannot be named in selections). */
export function draftRefOf(resource: Resource): string | undefined {
  return typeof resource.id === 'string' && resource.id !== '' ? `${resource.resourceType}/${resource.id}` : undefined;
}

/**
 * Whether a draft order is one the clinician is acting on. order-select: `context.selections` names it
 * ("The FHIR id of the newly selected order(s)", as `Type/id`; absolute URLs tolerated). order-sign: every
 * draft order is being signed (CDS Hooks Library, order-sign `draftOrders`). patient-view has no drafts.
 */
export function isSelectedDraft(context: HookContext, ref: string | undefined): boolean {
  if (context.hook === 'order-sign') return true;
  if (context.hook !== 'order-select' || ref === undefined) return false;
  return context.selections.some((selection) => toRelativeRef(selection) === ref);
}
