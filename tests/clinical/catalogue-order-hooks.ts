import { draftRef } from '../support/fixtures.js';
import type { CatalogueRow } from './catalogue-row.js';

// order-select and order-sign speak only about the selected draft orders (every draft on order-sign); the
// chart decides whether an order is questionable, but chart-only topics stay on patient-view.

/** Fixtures on the order hooks, with their draft orders. */
export const ORDER_HOOK_ROWS: readonly CatalogueRow[] = [
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
    name: 'order-select of polysomnography whose reasonCode is suspected PLMD, on a cramps-only chart → silent',
    fixture: 'fx-cramps-simple', hook: 'order-select', drafts: ['psg-95810-for-plmd'], topics: [], nearMissOf: ['psg-not-indicated'],
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
    name: 'order-sign of polysomnography with CPAP titration (95811) on a cramps-only chart → silent (95811 is ordered for sleep apnea, itself an indication)',
    fixture: 'fx-cramps-simple', hook: 'order-sign', drafts: ['psg-95811'], topics: [], nearMissOf: ['psg-not-indicated'],
  },
  {
    name: 'order-sign of a type II home polysomnography (HCPCS G0398) for simple cramps → not indicated, delete offered',
    fixture: 'fx-cramps-simple', hook: 'order-sign', drafts: ['psg-g0398'], topics: ['psg-not-indicated'],
    mentions: { 'psg-not-indicated': ['Home sleep study, type II portable monitor'] },
    removes: { 'psg-not-indicated': [draftRef('psg-g0398')] },
  },
  {
    name: 'order-sign of a polysomnography marked doNotPerform on a cramps-only chart → silent (nothing is ordered)',
    fixture: 'fx-cramps-simple', hook: 'order-sign', drafts: ['psg-not-to-perform'], topics: [], nearMissOf: ['psg-not-indicated'],
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
    name: 'order-sign of quinine whose reasonCode is malaria, on a cramps-only chart → silent (approved use)',
    fixture: 'fx-cramps-quinine', hook: 'order-sign', drafts: ['quinine-for-malaria'], topics: [], nearMissOf: ['quinine-for-cramps'],
  },
  {
    name: 'order-sign of quinine marked doNotPerform for a cramps patient → silent (an order not to give it)',
    fixture: 'fx-cramps-quinine', hook: 'order-sign', drafts: ['quinine-not-to-give'], topics: [], nearMissOf: ['quinine-for-cramps'],
  },
  {
    name: 'order-sign of quinine with malaria on chart → silent',
    fixture: 'fx-malaria-quinine', hook: 'order-sign', drafts: ['quinine'], topics: [], nearMissOf: ['quinine-for-cramps'],
  },
  {
    name: 'order-select of ropinirole (name only) for simple cramps, already on pramipexole → dopaminergic warning, no removal (never stopped abruptly, knowledge 2.6.0)',
    fixture: 'fx-cramps-pramipexole', hook: 'order-select', drafts: ['ropinirole'], topics: ['dopaminergic-for-cramps'],
    drugs: { 'dopaminergic-for-cramps': ['Ropinirole 0.25 mg tablet at bedtime'] },
  },
  {
    name: 'order-select of ropinirole whose reasonCode is RLS, on a cramps-only chart → silent (the order states its indication)',
    fixture: 'fx-cramps-pramipexole', hook: 'order-select', drafts: ['ropinirole-for-rls'], topics: [], nearMissOf: ['dopaminergic-for-cramps'],
  },
  {
    name: 'order-select of ropinirole with RLS on chart, already on pramipexole → augmentation warning, no removal (never stopped abruptly)',
    fixture: 'fx-cramps-rls-pramipexole', hook: 'order-select', drafts: ['ropinirole'], topics: ['rls-dopaminergic-augmentation'], nearMissOf: ['dopaminergic-for-cramps'],
    drugs: { 'rls-dopaminergic-augmentation': ['Ropinirole 0.25 mg tablet at bedtime'] },
    mentions: { 'rls-dopaminergic-augmentation': ['ordered in RLS: not for standard use', 'do not stop it abruptly'] },
  },
  {
    name: 'order-select of ropinirole (name only) for RLS with no dopaminergic drug yet → augmentation warning with delete',
    fixture: 'fx-rls-ssri', hook: 'order-select', drafts: ['ropinirole'], topics: ['rls-dopaminergic-augmentation'],
    drugs: { 'rls-dopaminergic-augmentation': ['Ropinirole 0.25 mg tablet at bedtime'] },
    mentions: { 'rls-dopaminergic-augmentation': ['First-line alternatives', 'gabapentin enacarbil, gabapentin or pregabalin'] },
    removes: { 'rls-dopaminergic-augmentation': [draftRef('ropinirole')] },
  },
  {
    name: 'order-select of ropinirole for a child with RLS and ferritin 42 ng/mL → the pediatric augmentation warning: no recommendation for children, iron first, never a gabapentinoid first line; the new start may be removed',
    fixture: 'fx-rls-child-low-ferritin', hook: 'order-select', drafts: ['ropinirole'], topics: ['rls-dopaminergic-augmentation'],
    drugs: { 'rls-dopaminergic-augmentation': ['Ropinirole 0.25 mg tablet at bedtime'] },
    mentions: {
      'rls-dopaminergic-augmentation': [
        'Ropinirole 0.25 mg tablet at bedtime ordered in RLS: no AASM 2024 recommendation for children; iron first if ferritin < 50 ng/mL',
        'its only pediatric drug recommendation is iron',
        'Ferritin 42 ng/mL on 2026-10-05: below 50 ng/mL',
      ],
    },
    omits: { 'rls-dopaminergic-augmentation': ['gabapentin enacarbil, gabapentin or pregabalin', 'gabapentinoid or iron first'] },
    removes: { 'rls-dopaminergic-augmentation': [draftRef('ropinirole')] },
  },
  {
    name: 'order-sign of ropinirole with RLS and Parkinson disease → silent',
    fixture: 'fx-rls-parkinson-levodopa', hook: 'order-sign', drafts: ['ropinirole'], topics: [], nearMissOf: ['rls-dopaminergic-augmentation'],
  },
  {
    name: 'order-select of a repeat sertraline with RLS on chart, already on sertraline → aggravating drug, no removal (never stopped abruptly, knowledge 2.6.0)',
    fixture: 'fx-rls-ssri', hook: 'order-select', drafts: ['sertraline'], topics: ['rls-aggravating-drug'],
    drugs: { 'rls-aggravating-drug': ['sertraline 100 MG Oral Tablet'] },
  },
  {
    name: 'order-sign of potassium chloride for cramps with normal levels → electrolyte pitfall',
    fixture: 'fx-cramps-magnesium', hook: 'order-sign', drafts: ['potassium-chloride'], topics: ['electrolyte-pitfall'],
    drugs: { 'electrolyte-pitfall': ['Potassium chloride 20 mEq extended-release tablet'] },
    mentions: { 'electrolyte-pitfall': ['Potassium 4.2 mmol/L on 2026-09-15'] },
  },
  {
    name: 'order-sign of potassium chloride beside spironolactone → electrolyte pitfall naming hyperkalaemia',
    fixture: 'fx-cramps-potassium-spironolactone', hook: 'order-sign', drafts: ['potassium-chloride'], topics: ['electrolyte-pitfall'],
    drugs: { 'electrolyte-pitfall': ['Potassium chloride 20 mEq extended-release tablet', 'Spironolactone 25 mg tablet'] },
    mentions: { 'electrolyte-pitfall': ['risk of hyperkalaemia', 'potassium-sparing diuretic', 'Potassium 4.8 mmol/L on 2026-09-15'] },
    omits: { 'electrolyte-pitfall': ['weak evidence without a documented deficiency'] },
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
