import request from 'supertest';
import { expectCdsResponse } from '../support/expect-response.js';
import { medicationRequest, rxnorm } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE, type TestHook } from '../support/hook-requests.js';
import { syntheaPatients } from '../support/synthea.js';
import { testApp } from '../support/test-app.js';

// Nine third-party Synthea patients, none with leg cramps, RLS or PLMD: every hook must stay silent.

const { app } = testApp();
const patients = syntheaPatients();
const cases = patients.flatMap((p) => (['patient-view', 'order-select', 'order-sign'] as TestHook[]).map((hook) => ({ hook, file: p.file, patient: p })));

test('the nine Synthea bundles are all there', () => {
  expect(patients).toHaveLength(9);
});

test.each(cases)('$file sent as prefetch to $hook → 200, schema-valid, cards: []', async ({ hook, patient }) => {
  const draft = medicationRequest({ id: 'draft-1', status: 'draft', patientId: patient.patientId, codes: [rxnorm('197361', 'Amlodipine 5 MG Oral Tablet')] });
  const body = hookRequest(hook, { patientId: patient.patientId, prefetch: prefetchOf(patient.resources, patient.patientId), draftOrders: [draft] });
  const res = await request(app).post(`/cds-services/${SERVICE[hook]}`).send(body);
  expect(expectCdsResponse(res).cards).toEqual([]);
});
