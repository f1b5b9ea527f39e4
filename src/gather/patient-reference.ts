import type { FhirResource } from 'fhir/r4.js';
import { referenceOf } from './fhir-resource-guards.js';

/**
 * Wrong-patient safety: a resource reaches the record only if it provably belongs to `context.patientId`.
 */

/**
 * True when `reference` points to Patient `patientId`: `Patient/<id>`, an absolute `…/Patient/<id>`
 * (with or without `/_history/<v>`), or `urn:uuid:<id>` as in Synthea transaction Bundles, whose
 * resource ids equal their fullUrl uuids.
 */
export function isReferenceToPatient(reference: string, patientId: string): boolean {
  return patientReferenceTest(patientId)(reference);
}

/**
 * `isReferenceToPatient` for one patient, its strings built once: the record's sort tests every resource against
 * the same patient, and splitting each reference into segments cost more than the comparison (issue 11's profile).
 */
export function patientReferenceTest(patientId: string): (reference: string) => boolean {
  const uuid = `urn:uuid:${patientId}`;
  const relative = `Patient/${patientId}`;
  const absoluteTail = `/${relative}`;
  // The usual form, `Patient/<id>`, is settled by one comparison before the history search; exact even for an id
  // holding `/_history/` (which src/hooks/fhir-id.ts refuses anyway), since such an id takes the search as before.
  const isRelativePlain = !relative.includes('/_history/');
  return (reference) => {
    if (reference === uuid || (reference === relative && isRelativePlain)) return true;
    const history = reference.indexOf('/_history/');
    const base = history < 0 ? reference : reference.slice(0, history);
    return base === relative || base.endsWith(absoluteTail);
  };
}

/**
 * True when a Condition, MedicationStatement, MedicationRequest, Observation or Patient belongs to
 * `patientId`: its `subject` (or, failing that, `patient`) reference points to the patient, or it is
 * that Patient. A resource with no such reference is not provably the patient's, so it is refused.
 */
export function belongsToPatient(resource: FhirResource, patientId: string): boolean {
  return patientResourceTest(patientId)(resource);
}

/** The elements that can name a resource's patient, as `unknown`: the JSON may hold anything there. */
interface PatientElements {
  readonly resourceType: string;
  readonly subject?: unknown;
  readonly patient?: unknown;
}

/** `belongsToPatient` for one patient, its reference test built once. */
export function patientResourceTest(patientId: string): (resource: FhirResource) => boolean {
  const isToPatient = patientReferenceTest(patientId);
  return (resource) => {
    if (resource.resourceType === 'Patient') return resource.id === patientId;
    // Read as plain properties, not tested with `in`: across the record's many resource shapes `in` takes V8's slow
    // generic path, and it was half the cost of this test (bench/results/profile-http-2026-12-01.md). An absent
    // element reads as `undefined`, which `referenceOf` refuses, so the outcome is the same.
    const elements: PatientElements = resource;
    const reference = referenceOf(elements.subject) ?? referenceOf(elements.patient);
    return reference !== undefined && isToPatient(reference);
  };
}
