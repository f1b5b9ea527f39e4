import type { Bundle, FhirResource } from 'fhir/r4.js';
import { answerTemplate, prefetchFromResources } from '../../src/review/prefetch-from-bundle.js';
import { loadServiceRegistry } from '../../src/hooks/service-registry.js';
import { prefetchOf } from '../support/hook-requests.js';
import { loadPatientFixture, patientFixtureNames } from '../support/fixtures.js';

// The report answers the service's own prefetch templates from a fixture bundle as an EHR would.

const resources: FhirResource[] = [
  { resourceType: 'Patient', id: 'p1' },
  { resourceType: 'Observation', id: 'o1', status: 'final', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://loinc.org', code: '2276-4' }] } },
  { resourceType: 'Observation', id: 'o2', status: 'final', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://other.org', code: '2276-4' }] } },
  { resourceType: 'Observation', id: 'o3', status: 'final', subject: { reference: 'Patient/p2' }, code: { coding: [{ system: 'http://loinc.org', code: '2276-4' }] } },
  { resourceType: 'MedicationRequest', id: 'm1', status: 'active', intent: 'order', subject: { reference: 'Patient/p1' }, medicationReference: { reference: 'Medication/med1' } },
  { resourceType: 'Medication', id: 'med1' },
  { resourceType: 'Medication', id: 'med2' },
];

const ids = (bundle: FhirResource | null): string[] => ((bundle as Bundle).entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id} ${e.search?.mode}`);

test('a read, a token search on system|code of this patient only, and _include of the referenced Medication', () => {
  expect(answerTemplate('Patient/{{context.patientId}}', 'p1', resources)).toEqual({ resourceType: 'Patient', id: 'p1' });
  expect(answerTemplate('Patient/{{context.patientId}}', 'p9', resources)).toBeNull();
  expect(ids(answerTemplate('Observation?patient={{context.patientId}}&_count=100&code=http://loinc.org|2276-4,http://loinc.org|14723-1', 'p1', resources))).toEqual([
    'Observation/o1 match',
  ]);
  expect(ids(answerTemplate('MedicationRequest?patient={{context.patientId}}&_include=MedicationRequest:medication', 'p1', resources))).toEqual([
    'MedicationRequest/m1 match',
    'Medication/med1 include',
  ]);
});

test('a parameter or token it cannot answer throws, naming the template', () => {
  expect(() => answerTemplate('Observation?patient={{context.patientId}}&date=ge2026', 'p1', resources)).toThrow(
    'prefetch template Observation?patient={{context.patientId}}&date=ge2026: unsupported parameter date',
  );
  expect(() => answerTemplate('Practitioner/{{userPractitionerId}}', 'p1', resources)).toThrow(/uses a token other than/);
});

test('on every fixture, the discovered templates give the same resources per key as the tests’ EHR routing', () => {
  const templates = loadServiceRegistry('cds-services').services[0]?.prefetch ?? {};
  for (const name of patientFixtureNames()) {
    const fixture = loadPatientFixture(name) as FhirResource[];
    const ours = prefetchFromResources(templates, name, fixture);
    const theirs = prefetchOf(fixture, name);
    const keyed = (value: unknown): string[] =>
      value && (value as FhirResource).resourceType === 'Bundle' ? ids(value as Bundle).map((s) => s.split(' ')[0] ?? '').sort() : [JSON.stringify(value)];
    for (const key of Object.keys(templates)) expect({ name, key, ids: keyed(ours[key]) }).toEqual({ name, key, ids: keyed(theirs[key]) });
  }
});
