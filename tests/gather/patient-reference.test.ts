import type { FhirResource } from 'fhir/r4.js';
import { belongsToPatient, isReferenceToPatient } from '../../src/gather/patient-reference.js';

// dimensions: reference form (relative · absolute · versioned · urn:uuid · contained) · same id? · resource type

test.each([
  { reference: 'Patient/p-1', is: true },
  { reference: 'https://ehr.example.org/fhir/Patient/p-1', is: true },
  { reference: 'https://ehr.example.org/fhir/Patient/p-1/_history/3', is: true },
  { reference: 'urn:uuid:p-1', is: true },
  { reference: 'Patient/p-2', is: false },
  { reference: 'Patient/p-10', is: false },
  { reference: 'p-1', is: false },
  { reference: '#p-1', is: false },
  { reference: 'Practitioner/p-1', is: false },
  { reference: 'urn:uuid:p-2', is: false },
  { reference: 'Patient/p-1/_history/3', is: true },
  { reference: 'https://ehr.example.org/fhir/Patient/p-10/_history/3', is: false },
  { reference: 'https://ehr.example.org/fhir/xPatient/p-1', is: false },
  { reference: 'Patient/p-1/_history', is: false },
  { reference: 'Patient/p-1/', is: false },
  { reference: 'urn:uuid:p-1/_history/2', is: false },
])('$reference points to Patient p-1: $is', ({ reference, is }) => {
  expect(isReferenceToPatient(reference, 'p-1')).toBe(is);
});

test.each([
  { name: 'the Patient with that id', resource: { resourceType: 'Patient', id: 'p-1' }, is: true },
  { name: 'a Patient with another id', resource: { resourceType: 'Patient', id: 'p-2' }, is: false },
  { name: 'a Patient without id', resource: { resourceType: 'Patient' }, is: false },
  { name: 'a Condition whose subject is the patient', resource: { resourceType: 'Condition', subject: { reference: 'Patient/p-1' } }, is: true },
  { name: 'an Observation without subject', resource: { resourceType: 'Observation', status: 'final', code: {} }, is: false },
  { name: 'a subject given only by identifier', resource: { resourceType: 'Condition', subject: { identifier: { value: 'p-1' } } }, is: false },
  { name: 'a resource with a patient element', resource: { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/p-1' } }, is: true },
  { name: 'a subject without reference, then the patient element', resource: { resourceType: 'Condition', subject: { display: 'x' }, patient: { reference: 'Patient/p-1' } }, is: true },
  { name: 'a subject of another patient, whatever the patient element says', resource: { resourceType: 'Condition', subject: { reference: 'Patient/p-2' }, patient: { reference: 'Patient/p-1' } }, is: false },
  { name: 'a subject that is a string, not a Reference', resource: { resourceType: 'Condition', subject: 'Patient/p-1' }, is: false },
])('$name belongs to p-1: $is', ({ resource, is }) => {
  expect(belongsToPatient(resource as FhirResource, 'p-1')).toBe(is);
});

test('an id that itself holds /_history/ is compared as the history search reads it', () => {
  expect(isReferenceToPatient('Patient/x/_history/1', 'x/_history/1')).toBe(false);
  expect(isReferenceToPatient('Patient/x', 'x/_history/1')).toBe(false);
});
