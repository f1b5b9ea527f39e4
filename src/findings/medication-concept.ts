import type { CodeableConcept, Medication, Reference, Resource } from 'fhir/r4.js';
import type { Code } from './finding-types.js';
import { codeKey } from '../knowledge/code-key.js';
import { codesOf, labelOf, namesOf, nonBlank } from './codes.js';
import { isResourceOfType, toRelativeRef } from './references.js';

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

function resolveMedication(
  reference: Reference,
  contained: readonly Resource[] | undefined,
  medications: ReadonlyMap<string, Medication>,
): Medication | undefined {
  const literal = nonBlank(reference.reference);
  if (literal === undefined) return undefined;
  if (literal.startsWith('#')) {
    // Contained resources are referenced by `#id` (FHIR R4 §2.3.0.7 "Contained Resources").
    const id = literal.slice(1);
    return (contained ?? []).find((r): r is Medication => isResourceOfType(r, 'Medication') && r.id === id);
  }
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
  const ingredients = Array.isArray(medication.ingredient) ? medication.ingredient : [];
  const itemConcepts = ingredients.map((i) => i.itemCodeableConcept);
  const ingredientLabels = itemConcepts.map(labelOf).filter((l): l is string => l !== undefined);
  return conceptOf(
    [...codesOf(medication.code), ...itemConcepts.flatMap(codesOf)],
    [
      ...namesOf(medication.code),
      ...itemConcepts.flatMap(namesOf),
      ...ingredients.map((i) => nonBlank(i.itemReference?.display)),
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
  const reference = source.medicationReference;
  if (reference === undefined) return undefined;
  const display = nonBlank(reference.display);
  const medication = resolveMedication(reference, source.contained, medications);
  if (medication !== undefined) return medicationConcept(medication, display);
  return conceptOf([], [display], [display]);
}
