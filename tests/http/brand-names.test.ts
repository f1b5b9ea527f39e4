import request from 'supertest';
import type { Resource } from 'fhir/r4.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { coding, condition, icd10, medicationStatement } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';

// Brand names as EHRs send them (issue 9): the brand alone in the text, or RxNorm's bracketed branded-drug name
// under a local code; matched as whole words through the reviewed brand table. dimensions: where the brand is
// (text only · bracketed display with a local code) · near misses (brand inside a longer word · a brand the
// table does not list · a brand of a drug outside the catalogue)

const PATIENT = 'pat-brands';
const LOCAL = 'http://hospital.example.org/drug-codes';
const { app } = testApp();
const cramps = condition({ codes: [icd10('G47.62', 'Sleep related leg cramps')], patientId: PATIENT });
const rls = condition({ codes: [icd10('G25.81', 'Restless legs syndrome')], patientId: PATIENT });

async function cardsFor(problem: Resource, medication: Resource) {
  const body = hookRequest('patient-view', { patientId: PATIENT, prefetch: prefetchOf([{ resourceType: 'Patient', id: PATIENT }, problem, medication], PATIENT) });
  return expectCdsResponse(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body)).cards;
}
const uncoded = (text: string) => medicationStatement({ codes: [], text, patientId: PATIENT });
const locallyCoded = (display: string) => medicationStatement({ codes: [coding(LOCAL, 'x-1', display)], patientId: PATIENT });

test.each([
  { name: 'Lipitor named alone in the text', med: uncoded('Lipitor 10 MG Oral Tablet'), drug: 'Lipitor 10 MG Oral Tablet' },
  { name: 'RxNorm\'s bracketed branded name under a local code', med: locallyCoded('atorvastatin 20 MG Oral Tablet [Lipitor]'), drug: 'atorvastatin 20 MG Oral Tablet \\[Lipitor\\]' },
  { name: 'Lasix in capitals', med: uncoded('LASIX 40MG TAB'), drug: 'LASIX 40MG TAB' },
])('$name with leg cramps → cramp-drug-culprit naming the drug', async ({ med, drug }) => {
  const cards = await cardsFor(cramps, med);
  const culprit = cards.find((c) => c.source.topic?.code === 'cramp-drug-culprit');
  expect(culprit).toBeDefined();
  expect(`${culprit?.summary ?? ''} ${culprit?.detail ?? ''}`).toContain(drug.replace(/\\/g, ''));
});

test('Requip with RLS → the augmentation card, as ropinirole would', async () => {
  const cards = await cardsFor(rls, uncoded('Requip 0.5 MG Oral Tablet'));
  expect(cards.map((c) => c.source.topic?.code)).toContain('rls-dopaminergic-augmentation');
});

test.each([
  { name: 'the brand inside a longer word', text: 'Lipitorx 10 MG' },
  { name: 'a statin brand the table does not list', text: 'Atorvaliq 4 MG/ML Oral Suspension' },
  { name: 'the brand of a drug outside the catalogue', text: 'Norvasc 5 MG Oral Tablet' },
])('near miss: $name → no drug card', async ({ text }) => {
  const cards = await cardsFor(cramps, uncoded(text));
  expect(cards.map((c) => c.source.topic?.code)).not.toContain('cramp-drug-culprit');
});
