import type { CodeableConcept } from 'fhir/r4.js';
import { isObject } from '../gather/fhir-resource-guards.js';
import type { Code } from './finding-types.js';
import { canonicalSystem, codeKey } from '../knowledge/code-key.js';

/**
 * Reading CodeableConcepts defensively: EHR data has codings without system, blank text and
 * the odd non-string code, none of which may break a request.
 */

/** The trimmed string, or undefined for anything that is not a non-blank string. */
export function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The concept's codings that are objects; a concept or coding that is null, a string or an array is missing. */
function codingsOf(concept: unknown): readonly Record<string, unknown>[] {
  if (!isObject(concept)) return [];
  const codings = concept['coding'];
  return Array.isArray(codings) ? (codings as unknown[]).filter(isObject) : [];
}

/** `text` of a concept-shaped value, if it is a non-blank string. */
function textOf(concept: unknown): string | undefined {
  return isObject(concept) ? nonBlank(concept['text']) : undefined;
}

/** True for an object shaped like a CodeableConcept (draft orders of unknown types carry `code` of any shape). */
export function isCodeableConcept(value: unknown): value is CodeableConcept {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { coding, text } = value as { coding?: unknown; text?: unknown };
  return (coding === undefined || Array.isArray(coding)) && (text === undefined || typeof text === 'string');
}

/**
 * Every coding with both system and code, system canonicalised, duplicates (by `codeKey`) removed. Takes any value:
 * the element is typed CodeableConcept, but EHR JSON may hold null or anything else there.
 */
export function codesOf(concept: unknown): Code[] {
  const seen = new Set<string>();
  const codes: Code[] = [];
  for (const coding of codingsOf(concept)) {
    const system = nonBlank(coding['system']);
    const code = nonBlank(coding['code']);
    if (system === undefined || code === undefined) continue;
    const key = codeKey(system, code);
    if (seen.has(key)) continue;
    seen.add(key);
    const display = nonBlank(coding['display']);
    codes.push({ system: canonicalSystem(system), code, ...(display === undefined ? {} : { display }) });
  }
  return codes;
}

/** `text`, else the first coding display, else the first code; undefined when the concept says nothing. */
export function labelOf(concept: unknown): string | undefined {
  const codings = codingsOf(concept);
  return (
    textOf(concept) ??
    codings.map((c) => nonBlank(c['display'])).find((d) => d !== undefined) ??
    codings.map((c) => nonBlank(c['code'])).find((c) => c !== undefined)
  );
}

/** Lower-cased `text` and coding displays: the names the drug-name fallback may match. */
export function namesOf(concept: unknown): string[] {
  const names = [textOf(concept), ...codingsOf(concept).map((c) => nonBlank(c['display']))];
  return names.filter((n): n is string => n !== undefined).map((n) => n.toLowerCase());
}

/**
 * The codes of a status concept (`Condition.clinicalStatus` and the like) in one of `systems`; codings without
 * a system are accepted too, since the status code systems are fixed by the element's required binding. A bare
 * string is read as its code: STU3 typed `Condition.clinicalStatus` and `verificationStatus` as `code`
 * (https://hl7.org/fhir/STU3/condition.html), and EHRs still on STU3 send it so.
 */
export function statusCodesOf(concept: unknown, systems: readonly string[]): string[] {
  if (typeof concept === 'string') return nonBlank(concept) === undefined ? [] : [concept.trim()];
  return codingsOf(concept)
    .filter((c) => {
      const system = c['system'];
      return system === undefined || system === null || (typeof system === 'string' && systems.includes(system));
    })
    .map((c) => nonBlank(c['code']))
    .filter((c): c is string => c !== undefined);
}
