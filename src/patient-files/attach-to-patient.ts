import type { Bundle, Resource } from 'fhir/r4.js';
import { isObject } from '../gather/fhir-resource-guards.js';
import { PatientFileError } from './patient-file-error.js';
import { readJsonFile } from './read-input-file.js';
import { resourcesWithServerReferences, rewriteReferences } from './urn-references.js';

/**
 * Files of resources to add to a patient's record (`--add`) or to order (`--order`): one resource, or a Bundle
 * of them (fixtures/add holds ready ones). They name the patient generically: every `Patient/<any id>` reference
 * is pointed at the one patient being replayed or served, so one file fits every patient.
 */

const PATIENT_REFERENCE = /^Patient\/[^/]+$/;

/** The resources of an add or order file, in file order; ids are required (the record and orders are keyed by them). */
export function readResourceFile(file: string): Resource[] {
  const value = readJsonFile(file);
  if (!isObject(value) || typeof value['resourceType'] !== 'string') throw new PatientFileError(file, 'not a FHIR resource or Bundle');
  const resources = value['resourceType'] === 'Bundle' ? resourcesWithServerReferences(value as unknown as Bundle) : [value as unknown as Resource];
  if (resources.length === 0) throw new PatientFileError(file, 'a Bundle without resources');
  const noId = resources.find((r) => typeof r.id !== 'string' || r.id === '');
  if (noId) throw new PatientFileError(file, `a ${noId.resourceType} without an id`);
  if (resources.some((r) => r.resourceType === 'Patient')) throw new PatientFileError(file, 'holds a Patient; add files add to an existing patient');
  return resources;
}

/** Copies of `resources` whose Patient references all name `patientId`. */
export function attachToPatient(resources: readonly Resource[], patientId: string): Resource[] {
  return resources.map((resource) => rewriteReferences(resource, (reference) => (PATIENT_REFERENCE.test(reference) ? `Patient/${patientId}` : undefined)));
}

/**
 * The record with the added resources attached to its patient. With `distinctIds` (several patients receiving
 * the same file) each copy's id gets the patient's position, so ids stay unique on one server.
 */
export function withAdditions(resources: readonly Resource[], additions: readonly Resource[], patientId: string, suffix?: string): Resource[] {
  const attached = attachToPatient(additions, patientId).map((r) => (suffix === undefined ? r : { ...r, id: `${r.id ?? ''}-${suffix}`.slice(0, 64) }));
  const taken = new Set(resources.map((r) => `${r.resourceType}/${r.id ?? ''}`));
  const clash = attached.find((r) => taken.has(`${r.resourceType}/${r.id ?? ''}`));
  if (clash) throw new Error(`${clash.resourceType}/${clash.id ?? ''} is already in the record of ${patientId}`);
  return [...resources, ...attached];
}
