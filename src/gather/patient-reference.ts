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
  return (reference) => {
    if (reference === uuid) return true;
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

/** `belongsToPatient` for one patient, its reference test built once. */
export function patientResourceTest(patientId: string): (resource: FhirResource) => boolean {
  const isToPatient = patientReferenceTest(patientId);
  return (resource) => {
    if (resource.resourceType === 'Patient') return resource.id === patientId;
    const subject = 'subject' in resource ? referenceOf(resource.subject) : undefined;
    const patient = 'patient' in resource ? referenceOf(resource.patient) : undefined;
    const reference = subject ?? patient;
    return reference !== undefined && isToPatient(reference);
  };
}
