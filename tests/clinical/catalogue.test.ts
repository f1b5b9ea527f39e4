import request from 'supertest';
import { TOPIC_CODES, type TopicCode } from '../../src/knowledge/knowledge-types.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { draftRef, fixtureHookRequest, patientFixtureNames, type FixtureCall } from '../support/fixtures.js';
import { SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';
import { expectCards, type CardExpectations } from './card-expectations.js';

// The card catalogue end to end: each project fixture (fixtures/patients) on each hook it matters for, over
// real HTTP with full prefetch at TEST_NOW (2026-11-20), one row per case.
// dimensions: topic (10) · fires / near miss (resolved or refuted problem, stopped medication, lab outside
// the look-back, normal value, ferritin in ng/mL, ug/L or pmol/L, drug known only by name, combination
// product, medicationReference to a contained or an included Medication, non-selected draft order) · hook
// (patient-view speaks about the chart; order hooks only about the selected draft orders).

interface Row extends FixtureCall, CardExpectations {
  readonly name: string;
  /** Topics this row shows staying silent on a case close to firing. */
  readonly nearMissOf?: readonly TopicCode[];
}

const PV = 'patient-view' as const;
const CVR = 'cramp-vs-rls' as const;
const WORKUP_ALL = ['2160-0', '2276-4', '3016-3', '4548-4'];

const patientView: readonly Row[] = [
  {
    name: 'simple cramps with a complete normal workup → only the cramp-likely leaning',
    fixture: 'fx-cramps-simple', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['workup-labs', 'secondary-causes'],
    mentions: { [CVR]: ['Sleep related leg cramps'] },
  },
  {
    name: 'cramps on simvastatin (statement) and hydrochlorothiazide (request) → both named as culprits',
    fixture: 'fx-cramps-statin', hook: PV, topics: ['cramp-drug-culprit', CVR], leaning: 'cramp-likely',
    drugs: { 'cramp-drug-culprit': ['simvastatin 20 MG Oral Tablet', 'hydrochlorothiazide 25 MG Oral Tablet'] },
    mentions: { 'cramp-drug-culprit': ['Statin', 'Diuretic'] },
  },
  {
    name: 'cramps with simvastatin stopped, HCTZ order stopped and furosemide completed → no culprit',
    fixture: 'fx-cramps-stopped-meds', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['cramp-drug-culprit'],
  },
  {
    name: 'cramps on atenolol/chlorthalidone (combination product) → the product is a diuretic culprit',
    fixture: 'fx-cramps-combination', hook: PV, topics: ['cramp-drug-culprit', CVR], leaning: 'cramp-likely',
    drugs: { 'cramp-drug-culprit': ['atenolol 100 MG / chlorthalidone 25 MG Oral Tablet'] },
  },
  {
    name: 'cramps with furosemide as a contained Medication and lisinopril/HCTZ as Medication/<id> → both culprits',
    fixture: 'fx-cramps-medication-reference', hook: PV, topics: ['cramp-drug-culprit', CVR], leaning: 'cramp-likely',
    drugs: { 'cramp-drug-culprit': ['furosemide 20 MG Oral Tablet', 'Lisinopril 20 mg / hydrochlorothiazide 12.5 mg tablet'] },
  },
  {
    name: 'cramps on quinine known only by name → quinine warning, no removal on patient-view',
    fixture: 'fx-cramps-quinine', hook: PV, topics: [CVR, 'quinine-for-cramps'], leaning: 'cramp-likely',
    drugs: { 'quinine-for-cramps': ['Quinine sulfate 324 mg capsule at bedtime'] },
  },
  {
    name: 'cramps and falciparum malaria on quinine → no quinine warning (its approved use)',
    fixture: 'fx-malaria-quinine', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['quinine-for-cramps'],
  },
  {
    name: 'RLS on sertraline (coded) and amitriptyline (name only) → rls-likely and both aggravators named',
    fixture: 'fx-rls-ssri', hook: PV, topics: [CVR, 'rls-aggravating-drug'], leaning: 'rls-likely',
    drugs: { 'rls-aggravating-drug': ['sertraline 50 MG Oral Tablet', 'Amitriptyline 25 mg at night'] },
    mentions: { 'rls-aggravating-drug': ['SSRI antidepressant', 'Tricyclic antidepressant'] },
  },
  {
    name: 'refuted RLS on sertraline → silent',
    fixture: 'fx-rls-refuted-ssri', hook: PV, topics: [], nearMissOf: [CVR, 'rls-aggravating-drug'],
  },
  {
    name: 'resolved cramps on simvastatin with no labs → silent',
    fixture: 'fx-cramps-resolved', hook: PV, topics: [], nearMissOf: [CVR, 'cramp-drug-culprit', 'workup-labs'],
  },
  {
    name: 'cramps treated with pramipexole and no RLS → dopaminergic warning, leaning mixed (RLS therapy on chart)',
    fixture: 'fx-cramps-pramipexole', hook: PV, topics: [CVR, 'dopaminergic-for-cramps'], leaning: 'mixed',
    drugs: { 'dopaminergic-for-cramps': ['pramipexole dihydrochloride 0.25 MG Oral Tablet'], [CVR]: ['pramipexole dihydrochloride 0.25 MG Oral Tablet'] },
  },
  {
    name: 'cramps and RLS on pramipexole → mixed, no dopaminergic warning (RLS justifies it)',
    fixture: 'fx-cramps-rls-pramipexole', hook: PV, topics: [CVR], leaning: 'mixed', nearMissOf: ['dopaminergic-for-cramps'],
    mentions: { [CVR]: ['Sleep related leg cramps', 'Restless legs syndrome'] },
  },
  {
    name: 'RLS with ferritin 32 ng/mL → iron deficiency with value, unit and date',
    fixture: 'fx-rls-low-ferritin', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: { 'iron-deficiency': ['Ferritin 32 ng/mL on 2026-09-10', '50 ng/mL'] },
  },
  {
    name: 'cramps with ferritin 28 ug/L → iron deficiency (ug/L = ng/mL), leaning mixed',
    fixture: 'fx-cramps-low-ferritin-ugl', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'mixed',
    mentions: { 'iron-deficiency': ['Ferritin 28 ug/L (28 ng/mL) on 2026-08-20'] },
  },
  {
    name: 'RLS with ferritin 100 pmol/L (44.5 ng/mL) → iron deficiency, converted value shown',
    fixture: 'fx-rls-low-ferritin-pmol', hook: PV, topics: [CVR, 'iron-deficiency'], leaning: 'rls-likely',
    mentions: { 'iron-deficiency': ['Ferritin 100 pmol/L (44.5 ng/mL) on 2026-10-05'] },
  },
  {
    name: 'RLS with ferritin 150 pmol/L (66.8 ng/mL) → no iron deficiency',
    fixture: 'fx-rls-normal-ferritin-pmol', hook: PV, topics: [CVR], leaning: 'rls-likely', nearMissOf: ['iron-deficiency'],
  },
  {
    name: 'RLS with ferritin exactly 50 ng/mL → not below the threshold',
    fixture: 'fx-rls-ferritin-at-threshold', hook: PV, topics: [CVR], leaning: 'rls-likely', nearMissOf: ['iron-deficiency'],
  },
  {
    name: 'RLS with ferritin 18 ng/mL 13 months ago → no iron card; ferritin is missing from the workup instead',
    fixture: 'fx-rls-old-low-ferritin', hook: PV, topics: [CVR, 'workup-labs'], leaning: 'rls-likely', nearMissOf: ['iron-deficiency'],
    mentions: { 'workup-labs': ['Serum ferritin'] },
    orders: { 'workup-labs': ['2276-4'] },
  },
  {
    name: 'cramps with T2DM polyneuropathy and HbA1c 7.8 % → diabetes and neuropathy as secondary causes',
    fixture: 'fx-cramps-diabetic-neuropathy', hook: PV, topics: [CVR, 'secondary-causes'], leaning: 'cramp-likely',
    mentions: {
      'secondary-causes': ['Diabetes', 'Peripheral neuropathy', 'Type 2 diabetes mellitus with diabetic polyneuropathy', 'HbA1c 7.8 % on 2026-09-01'],
    },
  },
  {
    name: 'cramps with TSH 7.2 and eGFR 48 but no coded disease → thyroid and kidney causes from the labs',
    fixture: 'fx-cramps-lab-causes', hook: PV, topics: [CVR, 'secondary-causes'], leaning: 'cramp-likely',
    mentions: {
      'secondary-causes': ['Thyroid dysfunction', 'TSH 7.2 m[IU]/L on 2026-09-22', 'Chronic kidney disease', 'eGFR 48 mL/min/{1.73_m2} on 2026-09-22'],
    },
  },
  {
    name: 'cramps with resolved radiculopathy, refuted hypothyroidism and PAD entered in error → no secondary cause',
    fixture: 'fx-cramps-resolved-causes', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['secondary-causes'],
  },
  {
    name: 'cramps with no labs at all → the four workup tests offered as draft ServiceRequests',
    fixture: 'fx-cramps-no-labs', hook: PV, topics: [CVR, 'workup-labs'], leaning: 'cramp-likely',
    mentions: { 'workup-labs': ['Serum ferritin', 'Thyroid function (TSH)', 'Glucose or HbA1c', 'Renal function (creatinine, eGFR)'] },
    orders: { 'workup-labs': WORKUP_ALL },
  },
  {
    name: 'cramps with a 14-month-old TSH, fasting glucose and eGFR only → only TSH is missing',
    fixture: 'fx-cramps-partial-workup', hook: PV, topics: [CVR, 'workup-labs'], leaning: 'cramp-likely',
    mentions: { 'workup-labs': ['Thyroid function (TSH)'] },
    orders: { 'workup-labs': ['3016-3'] },
  },
  {
    name: 'cramps on magnesium oxide (name only) with normal magnesium and potassium → electrolyte pitfall with the levels',
    fixture: 'fx-cramps-magnesium', hook: PV, topics: [CVR, 'electrolyte-pitfall'], leaning: 'cramp-likely',
    drugs: { 'electrolyte-pitfall': ['Magnesium oxide 400 mg tablet'] },
    mentions: { 'electrolyte-pitfall': ['Magnesium 2 mg/dL on 2026-09-15', 'Potassium 4.2 mmol/L on 2026-09-15'] },
  },
  {
    name: 'cramps on magnesium and potassium with low magnesium and coded hypokalemia → no pitfall',
    fixture: 'fx-cramps-magnesium-deficient', hook: PV, topics: [CVR], leaning: 'cramp-likely', nearMissOf: ['electrolyte-pitfall'],
  },
  {
    name: 'cramps and obstructive sleep apnea → only the leaning',
    fixture: 'fx-cramps-sleep-apnea', hook: PV, topics: [CVR], leaning: 'cramp-likely',
  },
  {
    name: 'no cramps, RLS or PLMD, whatever the drugs and ferritin → silent',
    fixture: 'fx-no-leg-symptoms', hook: PV, topics: [], nearMissOf: [...TOPIC_CODES],
  },
  {
    name: 'PLMD on sertraline → rls-likely and the aggravator named',
    fixture: 'fx-plmd-ssri', hook: PV, topics: [CVR, 'rls-aggravating-drug'], leaning: 'rls-likely',
    drugs: { 'rls-aggravating-drug': ['sertraline 25 MG Oral Tablet'] },
    mentions: { 'rls-aggravating-drug': ['Periodic limb movement disorder'] },
  },
];

const orderHooks: readonly Row[] = [
  {
    name: 'order-select of polysomnography (CPT 95810) for simple cramps → not indicated, delete offered',
    fixture: 'fx-cramps-simple', hook: 'order-select', drafts: ['psg-95810'], topics: ['psg-not-indicated'],
    mentions: { 'psg-not-indicated': ['Polysomnography, attended, 4 or more parameters'] },
    removes: { 'psg-not-indicated': [draftRef('psg-95810')] },
  },
  {
    name: 'order-select of a ferritin order while a polysomnography draft is not selected → silent',
    fixture: 'fx-cramps-simple', hook: 'order-select', drafts: ['psg-95810', 'ferritin-order'], selections: ['ferritin-order'],
    topics: [], nearMissOf: ['psg-not-indicated'],
  },
  {
    name: 'order-sign of polysomnography for simple cramps → not indicated, delete offered',
    fixture: 'fx-cramps-simple', hook: 'order-sign', drafts: ['psg-95810'], topics: ['psg-not-indicated'],
    removes: { 'psg-not-indicated': [draftRef('psg-95810')] },
  },
  {
    name: 'order-sign of polysomnography with CPAP titration (95811) with sleep apnea on chart → silent',
    fixture: 'fx-cramps-sleep-apnea', hook: 'order-sign', drafts: ['psg-95811'], topics: [], nearMissOf: ['psg-not-indicated'],
  },
  {
    name: 'order-select of polysomnography with RLS on chart → silent (RLS is an indication)',
    fixture: 'fx-rls-ssri', hook: 'order-select', drafts: ['psg-95810'], topics: [], nearMissOf: ['psg-not-indicated'],
  },
  {
    name: 'order-select of amlodipine on a chart with statin and thiazide → silent (order hooks speak about the orders)',
    fixture: 'fx-cramps-statin', hook: 'order-select', drafts: ['amlodipine'], topics: [], nearMissOf: ['cramp-drug-culprit'],
  },
  {
    name: 'order-select of hydrochlorothiazide for a cramps patient → the draft named as culprit, no removal',
    fixture: 'fx-cramps-statin', hook: 'order-select', drafts: ['hydrochlorothiazide'], topics: ['cramp-drug-culprit'],
    drugs: { 'cramp-drug-culprit': ['hydrochlorothiazide 12.5 MG Oral Tablet'] },
  },
  {
    name: 'order-sign of quinine for cramps → warning with delete of the draft',
    fixture: 'fx-cramps-quinine', hook: 'order-sign', drafts: ['quinine'], topics: ['quinine-for-cramps'],
    drugs: { 'quinine-for-cramps': ['quinine sulfate 324 MG Oral Capsule'] },
    removes: { 'quinine-for-cramps': [draftRef('quinine')] },
  },
  {
    name: 'order-select of amlodipine while a quinine draft is not selected → silent',
    fixture: 'fx-cramps-quinine', hook: 'order-select', drafts: ['quinine', 'amlodipine'], selections: ['amlodipine'],
    topics: [], nearMissOf: ['quinine-for-cramps'],
  },
  {
    name: 'order-sign of quinine with malaria on chart → silent',
    fixture: 'fx-malaria-quinine', hook: 'order-sign', drafts: ['quinine'], topics: [], nearMissOf: ['quinine-for-cramps'],
  },
  {
    name: 'order-select of ropinirole (name only) for simple cramps → dopaminergic warning with delete',
    fixture: 'fx-cramps-pramipexole', hook: 'order-select', drafts: ['ropinirole'], topics: ['dopaminergic-for-cramps'],
    drugs: { 'dopaminergic-for-cramps': ['Ropinirole 0.25 mg tablet at bedtime'] },
    removes: { 'dopaminergic-for-cramps': [draftRef('ropinirole')] },
  },
  {
    name: 'order-select of ropinirole with RLS on chart → silent',
    fixture: 'fx-cramps-rls-pramipexole', hook: 'order-select', drafts: ['ropinirole'], topics: [], nearMissOf: ['dopaminergic-for-cramps'],
  },
  {
    name: 'order-select of sertraline with RLS on chart → aggravating drug with delete',
    fixture: 'fx-rls-ssri', hook: 'order-select', drafts: ['sertraline'], topics: ['rls-aggravating-drug'],
    drugs: { 'rls-aggravating-drug': ['sertraline 100 MG Oral Tablet'] },
    removes: { 'rls-aggravating-drug': [draftRef('sertraline')] },
  },
  {
    name: 'order-sign of potassium chloride for cramps with normal levels → electrolyte pitfall',
    fixture: 'fx-cramps-magnesium', hook: 'order-sign', drafts: ['potassium-chloride'], topics: ['electrolyte-pitfall'],
    drugs: { 'electrolyte-pitfall': ['Potassium chloride 20 mEq extended-release tablet'] },
    mentions: { 'electrolyte-pitfall': ['Potassium 4.2 mmol/L on 2026-09-15'] },
  },
  {
    name: 'order-sign of potassium chloride with documented hypokalemia → silent',
    fixture: 'fx-cramps-magnesium-deficient', hook: 'order-sign', drafts: ['potassium-chloride'], topics: [], nearMissOf: ['electrolyte-pitfall'],
  },
  {
    name: 'order-sign of amlodipine with RLS and ferritin 32 ng/mL → silent (chart topics stay on patient-view)',
    fixture: 'fx-rls-low-ferritin', hook: 'order-sign', drafts: ['amlodipine'], topics: [],
  },
  {
    name: 'order-sign of every questionable draft with no cramps, RLS or PLMD → silent',
    fixture: 'fx-no-leg-symptoms', hook: 'order-sign', drafts: ['psg-95810', 'quinine', 'sertraline', 'ropinirole', 'potassium-chloride'],
    topics: [],
  },
];

const rows: readonly Row[] = [...patientView, ...orderHooks];
const { app } = testApp();

test.each(rows)('$fixture on $hook: $name', async (row) => {
  const res = await request(app).post(`/cds-services/${SERVICE[row.hook]}`).send(fixtureHookRequest(row));
  expectCards(expectCdsResponse(res).cards, row, row.fixture);
});

describe('the catalogue covers', () => {
  test.each([...TOPIC_CODES])('%s with at least one firing row and one near miss', (topic) => {
    expect(rows.some((r) => r.topics.includes(topic))).toBe(true);
    expect(rows.some((r) => r.nearMissOf?.includes(topic) === true && !r.topics.includes(topic))).toBe(true);
  });

  test('every patient fixture on patient-view', () => {
    expect([...new Set(patientView.map((r) => r.fixture))].sort()).toEqual(patientFixtureNames());
  });

  test('each hook at least once', () => {
    expect([...new Set(rows.map((r) => r.hook))].sort()).toEqual(['order-select', 'order-sign', 'patient-view']);
  });
});
