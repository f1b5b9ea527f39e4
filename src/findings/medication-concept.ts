import type { CodeableConcept, Medication, Reference, Resource } from 'fhir/r4.js';
import type { Code } from './finding-types.js';
import { codeKey } from '../knowledge/code-key.js';
import { codesOf, labelOf, namesOf, nonBlank } from './codes.js';
import { isObject } from '../gather/fhir-resource-guards.js';
import { toRelativeRef } from './references.js';

/** What a medication[x] element names: codes, lower-cased names and a label. */
export interface MedicationConcept {
  readonly codes: readonly Code[];
  readonly names: readonly string[];
  readonly label: string;
}

/** The medication[x] of a MedicationStatement or MedicationRequest, with what it needs to resolve a reference. */
export interface MedicationSource {
  readonly medicationCodeableConcept?: CodeableConcept;
  readonly medicationReference?: Reference;
  readonly contained?: readonly Resource[];
}

/** A Medication among `contained`, whose elements may be anything: only objects of type Medication count. */
function containedMedication(contained: unknown, id: string): Medication | undefined {
  if (!Array.isArray(contained)) return undefined;
  for (const item of contained as unknown[]) {
    if (isObject(item) && item['resourceType'] === 'Medication' && item['id'] === id) return item as unknown as Medication;
  }
  return undefined;
}

function resolveMedication(
  reference: Record<string, unknown>,
  contained: unknown,
  medications: ReadonlyMap<string, Medication>,
): Medication | undefined {
  const literal = nonBlank(reference['reference']);
  if (literal === undefined) return undefined;
  // Contained resources are referenced by `#id` (FHIR R4 §2.3.0.7 "Contained Resources").
  if (literal.startsWith('#')) return containedMedication(contained, literal.slice(1));
  const ref = toRelativeRef(literal, 'Medication');
  return ref?.startsWith('Medication/') === true ? medications.get(ref) : undefined;
}

function unique<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function conceptOf(
  codes: readonly Code[],
  names: readonly (string | undefined)[],
  labels: readonly (string | undefined)[],
): MedicationConcept | undefined {
  const label = labels.find((l) => l !== undefined);
  if (label === undefined) return undefined;
  return {
    codes: unique(codes, (c) => codeKey(c.system, c.code)),
    names: unique(
      names.filter((n): n is string => n !== undefined).map((n) => n.toLowerCase()),
      (n) => n,
    ),
    label,
  };
}

/**
 * Codes of a Medication resource: its `code` and every ingredient's `itemCodeableConcept`, so a combination
 * product counts as each of its ingredients; names likewise, plus ingredient reference displays.
 */
function medicationConcept(medication: Medication, display: string | undefined): MedicationConcept | undefined {
  // Ingredients that are not objects (a JSON null, a string) are skipped as missing.
  const ingredients: readonly Record<string, unknown>[] = Array.isArray(medication.ingredient)
    ? (medication.ingredient as unknown[]).filter(isObject)
    : [];
  const itemConcepts = ingredients.map((i) => i['itemCodeableConcept']);
  const ingredientLabels = itemConcepts.map(labelOf).filter((l): l is string => l !== undefined);
  return conceptOf(
    [...codesOf(medication.code), ...itemConcepts.flatMap(codesOf)],
    [
      ...namesOf(medication.code),
      ...itemConcepts.flatMap(namesOf),
      ...ingredients.map((i) => (isObject(i['itemReference']) ? nonBlank(i['itemReference']['display']) : undefined)),
      display,
    ],
    [labelOf(medication.code), ingredientLabels.length > 0 ? ingredientLabels.join(' / ') : undefined, display],
  );
}

/**
 * What a medication[x] names. The codeable concept wins; a reference is resolved to a contained (`#id`) or
 * gathered (`Medication/<id>`) Medication; an unresolved reference falls back to its `display` as the only name.
 * Undefined when nothing names the medication (e.g. a sandbox draft without medication[x]).
 */
export function toMedicationConcept(
  source: MedicationSource,
  medications: ReadonlyMap<string, Medication>,
): MedicationConcept | undefined {
  const concept = source.medicationCodeableConcept;
  const fromConcept = conceptOf(codesOf(concept), namesOf(concept), [labelOf(concept)]);
  if (fromConcept !== undefined) return fromConcept;
  // Typed as a Reference, but EHR JSON may hold null or any other value here: checked before it is read.
  const reference: unknown = source.medicationReference;
  if (!isObject(reference)) return undefined;
  const display = nonBlank(reference['display']);
  const medication = resolveMedication(reference, source.contained, medications);
  if (medication !== undefined) return medicationConcept(medication, display);
  return conceptOf([], [display], [display]);
}
