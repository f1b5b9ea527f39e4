import type { ServiceRequest } from 'fhir/r4.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import { codeKey } from '../knowledge/code-key.js';
import { codesOf, nonBlank } from './codes.js';
import { lookbackStart, timeOf } from './lookback.js';

/**
 * Labs already ordered: an active ServiceRequest for a knowledge lab, placed within the lab look-back, is a test in
 * progress (FHIR R4 ServiceRequest.status "active": "The request is in force and ready to be acted upon"). Only
 * orders count (`intent` order, original-order, reflex-order, filler-order, instance-order), not proposals or plans,
 * and never one with `doNotPerform: true`. An order without a date cannot be placed in the look-back and does not
 * count: an old forgotten order must not hold back the workup for ever.
 */

const ORDER_INTENTS = new Set<string>(['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order']);

/** When the order was placed: `authoredOn`, else when it is to happen. */
function placedOf(request: ServiceRequest): string | undefined {
  return nonBlank(request.authoredOn) ?? nonBlank(request.occurrenceDateTime) ?? nonBlank(request.occurrencePeriod?.start);
}

function isActiveOrder(request: ServiceRequest): boolean {
  const status: unknown = request.status;
  const intent: unknown = request.intent;
  return status === 'active' && typeof intent === 'string' && ORDER_INTENTS.has(intent) && request.doNotPerform !== true;
}

/**
 * The knowledge lab ids that an active order of the record asks for, within the lab look-back.
 * @param requests - the record's ServiceRequests (not the hook's draft orders)
 * @returns lab ids in knowledge order, each once
 */
export function labsOrdered(requests: readonly ServiceRequest[], knowledge: Pick<Knowledge, 'labs' | 'labLookbackMonths'>, now: Date): string[] {
  const from = lookbackStart(now, knowledge.labLookbackMonths).getTime();
  const keys = new Set<string>();
  for (const request of requests) {
    const time = timeOf(placedOf(request));
    if (!isActiveOrder(request) || time === undefined || time < from || time > now.getTime()) continue;
    for (const code of codesOf(request.code)) keys.add(codeKey(code.system, code.code));
  }
  return Object.values(knowledge.labs)
    .filter((lab) => [...lab.keys].some((key) => keys.has(key)))
    .map((lab) => lab.id);
}
