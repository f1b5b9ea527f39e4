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
  if (reference === `urn:uuid:${patientId}`) return true;
  const segments = (reference.split('/_history/')[0] ?? '').split('/');
  return segments.length >= 2 && segments.at(-2) === 'Patient' && segments.at(-1) === patientId;
}

/**
 * True when a Condition, MedicationStatement, MedicationRequest, Observation or Patient belongs to
 * `patientId`: its `subject` (or, failing that, `patient`) reference points to the patient, or it is
 * that Patient. A resource with no such reference is not provably the patient's, so it is refused.
 */
export function belongsToPatient(resource: FhirResource, patientId: string): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const subject = 'subject' in resource ? referenceOf(resource.subject) : undefined;
  const patient = 'patient' in resource ? referenceOf(resource.patient) : undefined;
  const reference = subject ?? patient;
  return reference !== undefined && isReferenceToPatient(reference, patientId);
}
