import type { Condition, Resource } from 'fhir/r4.js';
import type { Code } from './finding-types.js';
import { codesOf, isCodeableConcept, nonBlank } from './codes.js';
import { isResourceOfType, toRelativeRef } from './references.js';

/**
 * The indication an order or prescription documents itself: the codes of its `reasonCode`, and of the Conditions its
 * `reasonReference` points to (FHIR R4 MedicationRequest.reasonReference, ServiceRequest.reasonReference: "Condition
 * or observation that supports why the prescription is being written"). A reference resolves to a contained
 * Condition (`#id`) or to one of the record's Conditions (`Condition/<id>`); other targets give nothing.
 */

function referencedCondition(resource: Resource, reference: unknown, conditions: ReadonlyMap<string, Condition>): Condition | undefined {
  if (typeof reference !== 'object' || reference === null || !('reference' in reference)) return undefined;
  const literal = nonBlank(reference.reference);
  if (literal === undefined) return undefined;
  if (literal.startsWith('#')) {
    const contained: unknown = 'contained' in resource ? resource.contained : undefined;
    if (!Array.isArray(contained)) return undefined;
    return contained.find(
      (r: unknown): r is Condition =>
        typeof r === 'object' && r !== null && 'resourceType' in r && (r as Resource).resourceType === 'Condition' && (r as Resource).id === literal.slice(1),
    );
  }
  const ref = toRelativeRef(literal, 'Condition');
  return ref?.startsWith('Condition/') === true ? conditions.get(ref) : undefined;
}

/** Conditions keyed `Condition/<id>`, for resolving `reasonReference`. */
export function conditionsById(conditions: readonly Condition[]): ReadonlyMap<string, Condition> {
  const byId = new Map<string, Condition>();
  for (const condition of conditions) {
    if (isResourceOfType(condition, 'Condition') && typeof condition.id === 'string' && condition.id !== '') byId.set(`Condition/${condition.id}`, condition);
  }
  return byId;
}

/** Every code of the order's `reasonCode` and of the Conditions its `reasonReference` names; wrong shapes are skipped. */
export function reasonCodesOf(resource: Resource, conditions: ReadonlyMap<string, Condition> = new Map()): Code[] {
  const reasonCode: unknown = 'reasonCode' in resource ? resource.reasonCode : undefined;
  const reasonReference: unknown = 'reasonReference' in resource ? resource.reasonReference : undefined;
  const fromCodes = Array.isArray(reasonCode) ? reasonCode.flatMap((reason: unknown) => (isCodeableConcept(reason) ? codesOf(reason) : [])) : [];
  const fromReferences = Array.isArray(reasonReference)
    ? reasonReference.flatMap((ref: unknown) => {
        const condition = referencedCondition(resource, ref, conditions);
        return condition !== undefined && isCodeableConcept(condition.code) ? codesOf(condition.code) : [];
      })
    : [];
  return [...fromCodes, ...fromReferences];
}
