import request from 'supertest';
import type { TopicCode } from '../../src/knowledge/knowledge-types.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { condition, icd10 } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { syntheaPatients, type SyntheaPatient } from '../support/synthea.js';
import { testApp } from '../support/test-app.js';
import { expectCards, type CardExpectations } from './card-expectations.js';

// Nine third-party Synthea patients (fixtures/synthea, vendored unchanged) on patient-view at TEST_NOW (2026-11-20):
// as they are, none has leg cramps, RLS or PLMD, so every answer is empty. With ONE added active Condition
// "Sleep related leg cramps" (ICD-10-CM G47.62), each gets the cards its own data justifies:
// - cramp-vs-rls, cramp-likely: no RLS/PLMD code, no RLS therapy and no ferritin in any bundle;
// - cramp-drug-culprit: its active diuretics and statins by RxNorm code (Synthea's "Simvistatin" typo included);
// - secondary-causes: active diabetes / diabetic neuropathy / CKD / hypothyroidism codes (Synthea SNOMED CT);
// - workup-labs, all four tests: every Synthea lab is from 2021 or earlier, outside the 12-month look-back.
// SSRIs (sertraline, fluoxetine) and diphenhydramine stay silent: they aggravate RLS, which no patient has.
// With ONE added active Condition "Restless legs syndrome" (ICD-10-CM G25.81) instead, the guideline justifies:
// - cramp-vs-rls, rls-likely;
// - rls-aggravating-drug: their active sertraline, fluoxetine and diphenhydramine (AASM 2024 lists SSRIs and
//   sedating antihistamines);
// - no rls-dopaminergic-augmentation and no iron-deficiency: no dopaminergic drug, and no iron study in the look-back;
// - the same secondary causes, and the workup with the iron panel instead of ferritin alone.

const WORKUP_ALL = ['2160-0', '2276-4', '3016-3', '4548-4'];
// For RLS the iron item is the AASM iron panel: ferritin, serum iron, TIBC and transferrin saturation.
const RLS_WORKUP_ALL = ['2160-0', '2276-4', '2498-4', '2500-7', '2502-3', '3016-3', '4548-4'];
const CAUSES = {
  diabetesCkd: ['Diabetes', 'Chronic kidney disease'],
  thyroid: ['Thyroid dysfunction', 'Idiopathic atrophic hypothyroidism'],
};

/** What each patient's own data justifies once leg cramps are on the chart, keyed by the file's first name. */
const WITH_CRAMPS: Readonly<Record<string, { drugs?: readonly string[]; causes?: readonly string[] }>> = {
  Angelic: { drugs: ['Hydrochlorothiazide 25 MG', 'Simvistatin 10 MG'] },
  Dirk: { drugs: ['Hydrochlorothiazide 25 MG'], causes: [...CAUSES.diabetesCkd, 'Peripheral neuropathy', 'Neuropathy due to type 2 diabetes mellitus (disorder)'] },
  Donnell: { drugs: ['Simvistatin 10 MG'] },
  Louie: { drugs: ['Simvistatin 10 MG'], causes: CAUSES.thyroid },
  Milan: {},
  Parker: {
    drugs: ['Simvastatin 20 MG Oral Tablet', 'Hydrochlorothiazide 25 MG', '10 ML Furosemide 10 MG/ML Injection', 'Lasix 40mg'],
    causes: ['Diabetes', 'Peripheral neuropathy', 'Neuropathy due to type 2 diabetes mellitus (disorder)', 'Diabetic retinopathy associated with type II diabetes mellitus (disorder)'],
  },
  Renea: { drugs: ['Hydrochlorothiazide 25 MG'], causes: CAUSES.diabetesCkd },
  Roberto: { drugs: ['Hydrochlorothiazide 25 MG', '10 ML Furosemide 10 MG/ML Injection', 'Lasix 40mg'] },
  Trey: { drugs: ['Simvastatin 20 MG Oral Tablet', 'Hydrochlorothiazide 25 MG'], causes: CAUSES.thyroid },
};

/** The RLS-aggravating drugs each patient actively takes (by RxNorm code or ingredient name), keyed by first name. */
const RLS_AGGRAVATORS: Readonly<Record<string, readonly string[]>> = {
  Donnell: ['Sertraline 100MG'],
  Milan: ['Fluoxetine 25MG'],
  Renea: ['diphenhydrAMINE Hydrochloride 25 MG Oral Tablet'],
  Roberto: ['Sertraline 100MG'],
};

function rlsExpectationsFor(file: string): CardExpectations {
  const name = file.split('_')[0] ?? '';
  const causes = WITH_CRAMPS[name]?.causes;
  const aggravators = RLS_AGGRAVATORS[name];
  const topics: TopicCode[] = ['cramp-vs-rls', 'workup-labs'];
  if (aggravators) topics.push('rls-aggravating-drug');
  if (causes) topics.push('secondary-causes');
  return {
    topics,
    leaning: 'rls-likely',
    ...(aggravators ? { drugs: { 'rls-aggravating-drug': aggravators } } : {}),
    mentions: { 'cramp-vs-rls': ['Restless legs syndrome'], ...(causes ? { 'secondary-causes': causes } : {}) },
    orders: { 'workup-labs': RLS_WORKUP_ALL },
  };
}

function expectationsFor(file: string): CardExpectations {
  const justified = WITH_CRAMPS[file.split('_')[0] ?? ''];
  if (!justified) throw new Error(`${file}: no expectation written`);
  const topics: TopicCode[] = ['cramp-vs-rls', 'workup-labs'];
  if (justified.drugs) topics.push('cramp-drug-culprit');
  if (justified.causes) topics.push('secondary-causes');
  return {
    topics,
    leaning: 'cramp-likely',
    ...(justified.drugs ? { drugs: { 'cramp-drug-culprit': justified.drugs } } : {}),
    mentions: {
      'cramp-vs-rls': ['Sleep related leg cramps'],
      ...(justified.causes ? { 'secondary-causes': justified.causes } : {}),
    },
    orders: { 'workup-labs': WORKUP_ALL },
  };
}

const { app } = testApp();
const patients = syntheaPatients();

function patientView(patient: SyntheaPatient, extra: readonly SyntheaPatient['resources'][number][] = []) {
  const body = hookRequest('patient-view', {
    patientId: patient.patientId,
    prefetch: prefetchOf([...patient.resources, ...extra], patient.patientId),
  });
  return request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body);
}

test('every Synthea bundle has an expectation, and every expectation a bundle', () => {
  expect(patients.map((p) => p.file.split('_')[0]).sort()).toEqual(Object.keys(WITH_CRAMPS).sort());
});

test.each(patients)('$file as it is → cards: []', async (patient) => {
  expect(expectCdsResponse(await patientView(patient)).cards).toEqual([]);
});

/** The patient-view cards of the patient with one added active ICD-10-CM Condition. */
async function cardsWithProblem(patient: SyntheaPatient, code: string, display: string) {
  const added = condition({ id: `added-${code}`, patientId: patient.patientId, codes: [icd10(code, display)], recordedDate: '2026-10-01' });
  return expectCdsResponse(await patientView(patient, [added])).cards;
}

test.each(patients)('$file with one added active leg-cramp Condition → the cards its own data justifies', async (patient) => {
  const cards = await cardsWithProblem(patient, 'G47.62', 'Sleep related leg cramps');
  expectCards(cards, expectationsFor(patient.file), patient.patientId);
});

test.each(patients)('$file with one added active RLS Condition → the cards the guideline justifies for its own data', async (patient) => {
  const cards = await cardsWithProblem(patient, 'G25.81', 'Restless legs syndrome');
  expectCards(cards, rlsExpectationsFor(patient.file), patient.patientId);
});
