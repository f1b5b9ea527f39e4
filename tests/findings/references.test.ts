import { isResourceOfType, toRelativeRef } from '../../src/findings/references.js';
import { medication, serviceRequest } from '../support/fhir-builders.js';

test.each([
  ['Medication/med-1', undefined, 'Medication/med-1'],
  ['https://ehr.example.org/fhir/Medication/med-1', undefined, 'Medication/med-1'],
  ['https://ehr.example.org/fhir/Medication/med-1/_history/3', undefined, 'Medication/med-1'],
  ['MedicationRequest/mr-1/', undefined, 'MedicationRequest/mr-1'],
  ['urn:uuid:5a1c', 'Medication', 'Medication/5a1c'],
  ['urn:uuid:5a1c', undefined, undefined],
  ['#med-1', 'Medication', undefined],
  ['Medication?code=9071', undefined, undefined],
  ['med-1', undefined, undefined],
  ['medication/med-1', undefined, undefined],
])('toRelativeRef(%j, %j) is %j', (reference, typeForUrn, expected) => {
  expect(toRelativeRef(reference, typeForUrn)).toBe(expected);
});

test('isResourceOfType narrows by resourceType', () => {
  expect(isResourceOfType(medication(), 'Medication')).toBe(true);
  expect(isResourceOfType(serviceRequest(), 'Medication')).toBe(false);
});
