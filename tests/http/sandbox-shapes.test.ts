import request from 'supertest';
import { expectCdsResponse, topicsOf } from '../support/expect-response.js';
import { condition, icd10 } from '../support/fhir-builders.js';
import { prefetchOf, SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';

// The CDS Hooks sandbox's order-select (Rx View) as it really sends it (checklist §9): draftOrders without
// Bundle.type, a MedicationRequest without status or intent, `category` as an object rather than an array,
// and, until a drug is picked, no medication at all.

const PATIENT = 'smart-1288992';
const { app } = testApp();
const cramps = [{ resourceType: 'Patient', id: PATIENT }, condition({ patientId: PATIENT, codes: [icd10('G47.62', 'Sleep related leg cramps')] })];

function rxViewRequest(medication: Record<string, unknown>): Record<string, unknown> {
  return {
    hook: 'order-select',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    fhirServer: 'https://launch.smarthealthit.org/v/r4/fhir',
    context: {
      userId: 'Practitioner/COREPRACTITIONER1',
      patientId: PATIENT,
      selections: ['MedicationRequest/request-123'],
      draftOrders: {
        resourceType: 'Bundle',
        entry: [
          {
            resource: {
              resourceType: 'MedicationRequest',
              id: 'request-123',
              subject: { reference: `Patient/${PATIENT}` },
              category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'outpatient' }] },
              dosageInstruction: [{ text: '1 daily' }],
              ...medication,
            },
          },
        ],
      },
    },
    prefetch: prefetchOf(cramps, PATIENT),
  };
}

test('a draft with no drug picked yet → 200 and no cards', async () => {
  const res = await request(app).post(`/cds-services/${SERVICE['order-select']}`).send(rxViewRequest({}));
  expect(expectCdsResponse(res).cards).toEqual([]);
});

test('quinine picked for a patient with leg cramps → the quinine card offers to delete MedicationRequest/request-123', async () => {
  const quinine = { medicationCodeableConcept: { text: 'Quinine Sulfate 324 MG Oral Capsule', coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '9071', display: 'quinine' }] } };
  const res = await request(app).post(`/cds-services/${SERVICE['order-select']}`).send(rxViewRequest(quinine));
  const { cards } = expectCdsResponse(res);
  expect(topicsOf(cards)).toEqual(['quinine-for-cramps']);
  expect(cards[0]?.suggestions?.flatMap((s) => s.actions)).toEqual([
    expect.objectContaining({ type: 'delete', resourceId: 'MedicationRequest/request-123' }),
  ]);
  expect(cards[0]?.detail).toContain('Quinine Sulfate 324 MG Oral Capsule');
});
