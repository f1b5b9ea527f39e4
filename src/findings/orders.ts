import type { CodeableConcept, Condition, Medication, Resource } from 'fhir/r4.js';
import type { HookContext } from '../hooks/hook-types.js';
import type { MedicationFinding, OrderFinding } from './finding-types.js';
import { codesOf, isCodeableConcept, labelOf, nonBlank } from './codes.js';
import { reasonCodesOf } from './order-reasons.js';
import { draftRefOf, isSelectedDraft } from './draft-selection.js';
import { toMedicationConcept } from './medication-concept.js';
import { provenanceOf } from './provenance.js';
import { isResourceOfType } from './references.js';

/** The order's date, when its type has `authoredOn` (ServiceRequest, DeviceRequest, MedicationRequest…). */
function authoredOnOf(resource: Resource): string | undefined {
  return 'authoredOn' in resource ? nonBlank(resource.authoredOn) : undefined;
}

/** `code`, or DeviceRequest's `codeCodeableConcept`; the shape is checked because the type is open. */
function orderCodeOf(resource: Resource): CodeableConcept | undefined {
  if ('code' in resource && isCodeableConcept(resource.code)) return resource.code;
  if ('codeCodeableConcept' in resource && isCodeableConcept(resource.codeCodeableConcept)) {
    return resource.codeCodeableConcept;
  }
  return undefined;
}

/**
 * Draft medication orders of an order hook. Drafts are taken whatever their status (the CDS Hooks sandbox sends
 * them without status or intent); a draft that names no medication gives no finding, and neither does one with
 * `doNotPerform: true` (an order *not* to give the drug, FHIR R4 MedicationRequest.doNotPerform).
 */
export function toDraftMedicationFindings(
  context: HookContext,
  medications: ReadonlyMap<string, Medication>,
  conditions: ReadonlyMap<string, Condition> = new Map(),
): MedicationFinding[] {
  const findings: MedicationFinding[] = [];
  for (const draft of context.draftOrders) {
    if (!isResourceOfType(draft, 'MedicationRequest') || draft.doNotPerform === true) continue;
    const concept = toMedicationConcept(draft, medications);
    if (concept === undefined) continue;
    const orderRef = draftRefOf(draft);
    const reasonCodes = reasonCodesOf(draft, conditions);
    findings.push({
      ...concept,
      origin: 'draft-order',
      ...(orderRef === undefined ? {} : { orderRef }),
      ...(reasonCodes.length > 0 ? { reasonCodes } : {}),
      isSelected: isSelectedDraft(context, orderRef),
      source: provenanceOf(draft, draft.authoredOn),
    });
  }
  return findings;
}

/**
 * Draft orders other than medications (ServiceRequest, DeviceRequest, any type with a code). A draft without
 * an id is skipped: an OrderFinding must carry a `Type/id` that suggestions can act on.
 */
export function toOrderFindings(context: HookContext, conditions: ReadonlyMap<string, Condition> = new Map()): OrderFinding[] {
  const findings: OrderFinding[] = [];
  for (const draft of context.draftOrders) {
    if (isResourceOfType(draft, 'MedicationRequest')) continue;
    // An order not to perform the procedure (ServiceRequest.doNotPerform) orders nothing.
    if ('doNotPerform' in draft && draft.doNotPerform === true) continue;
    const code = orderCodeOf(draft);
    const label = labelOf(code);
    const orderRef = draftRefOf(draft);
    if (label === undefined || orderRef === undefined) continue;
    findings.push({
      codes: codesOf(code),
      label,
      orderRef,
      reasonCodes: reasonCodesOf(draft, conditions),
      isSelected: isSelectedDraft(context, orderRef),
      source: provenanceOf(draft, authoredOnOf(draft)),
    });
  }
  return findings;
}
