import { readFileSync } from 'node:fs';
import { SHIPPED_TOPICS } from './shipped-topics.js';
import type { Code } from '../../src/findings/finding-types.js';
import { codeKey, SYSTEMS } from '../../src/knowledge/code-key.js';
import { TEST_IRON_CRITERIA } from './knowledge-builder.js';
import {
  TOPIC_CODES,
  type CardTemplate,
  type Knowledge,
  type LabDefinition,
  type TopicCode,
  type ValueSet,
} from '../../src/knowledge/knowledge-types.js';

/**
 * A small hand-built Knowledge for rule and card tests: a few real codes per value set (verified knowledge codes),
 * the agreed thresholds, and the shipped card texts of cds-services/knowledge/cards.json.
 */

type Member = readonly [system: string, code: string, display: string];

const icd = (code: string, display: string): Member => [SYSTEMS.icd10cm, code, display];
const sct = (code: string, display: string): Member => [SYSTEMS.snomed, code, display];
const rx = (code: string, display: string): Member => [SYSTEMS.rxnorm, code, display];
const cpt = (code: string, display: string): Member => [SYSTEMS.cpt, code, display];

const VALUE_SETS: Readonly<Record<string, { title: string; members: readonly Member[] }>> = {
  'leg-cramps': { title: 'Leg cramps', members: [icd('G47.62', 'Sleep related leg cramps'), icd('R25.2', 'Cramp and spasm')] },
  rls: { title: 'Restless legs syndrome', members: [icd('G25.81', 'Restless legs syndrome'), sct('32914008', 'Restless legs')] },
  plmd: { title: 'Periodic limb movement disorder', members: [icd('G47.61', 'Periodic limb movement disorder')] },
  'sleep-apnea': { title: 'Sleep apnea', members: [icd('G47.33', 'Obstructive sleep apnea (adult) (pediatric)')] },
  'parkinson-disease': { title: 'Parkinson disease', members: [icd('G20', "Parkinson's disease")] },
  malaria: { title: 'Malaria', members: [icd('B54', 'Unspecified malaria')] },
  'peripheral-neuropathy': { title: 'Peripheral neuropathy', members: [icd('G62.9', 'Polyneuropathy, unspecified')] },
  radiculopathy: { title: 'Radiculopathy', members: [icd('M54.16', 'Radiculopathy, lumbar region')] },
  hypothyroidism: { title: 'Hypothyroidism', members: [icd('E03.9', 'Hypothyroidism, unspecified')] },
  diabetes: { title: 'Diabetes mellitus', members: [icd('E11.9', 'Type 2 diabetes mellitus without complications')] },
  'chronic-kidney-disease': { title: 'Chronic kidney disease', members: [icd('N18.30', 'Chronic kidney disease, stage 3 unspecified')] },
  pregnancy: { title: 'Pregnancy', members: [icd('Z34.90', 'Encounter for supervision of normal pregnancy, unspecified, unspecified trimester'), sct('77386006', 'Pregnancy')] },
  'end-stage-renal-disease': { title: 'End-stage renal disease', members: [icd('N18.6', 'End stage renal disease')] },
  'electrolyte-deficiency': { title: 'Electrolyte deficiency', members: [icd('E87.6', 'Hypokalemia'), icd('E61.2', 'Magnesium deficiency')] },
  diuretics: { title: 'Diuretic', members: [rx('5487', 'hydrochlorothiazide'), rx('4603', 'furosemide'), rx('9997', 'spironolactone')] },
  'potassium-wasting-diuretics': { title: 'Loop or thiazide diuretic', members: [rx('5487', 'hydrochlorothiazide'), rx('4603', 'furosemide')] },
  statins: { title: 'Statin', members: [rx('83367', 'atorvastatin'), rx('36567', 'simvastatin')] },
  'tricyclic-antidepressants': { title: 'Tricyclic antidepressant', members: [rx('704', 'amitriptyline')] },
  ssris: { title: 'SSRI', members: [rx('36437', 'sertraline')] },
  snris: { title: 'SNRI', members: [rx('39786', 'venlafaxine')] },
  mirtazapine: { title: 'Mirtazapine', members: [rx('15996', 'mirtazapine')] },
  lithium: { title: 'Lithium', members: [rx('6448', 'lithium')] },
  'dopamine-antagonists': { title: 'Dopamine antagonist', members: [rx('5093', 'haloperidol'), rx('6915', 'metoclopramide')] },
  'sedating-antihistamines': { title: 'Sedating antihistamine', members: [rx('3498', 'diphenhydramine')] },
  'dopaminergic-agents': { title: 'Dopaminergic agent', members: [rx('746741', 'pramipexole'), rx('72302', 'ropinirole')] },
  gabapentinoids: { title: 'Gabapentinoid', members: [rx('25480', 'gabapentin')] },
  quinine: { title: 'Quinine', members: [rx('9071', 'quinine')] },
  'magnesium-supplements': { title: 'Magnesium supplement', members: [rx('6582', 'magnesium oxide')] },
  'potassium-supplements': { title: 'Potassium supplement', members: [rx('8591', 'potassium chloride')] },
  polysomnography: { title: 'Polysomnography', members: [cpt('95810', 'Polysomnography; age 6 years or older'), sct('60554003', 'Polysomnography')] },
};

/** The first member of each test value set, for builders: `TEST_CODES['rls']` is G25.81. */
export const TEST_CODES: Readonly<Record<string, Code>> = Object.fromEntries(
  Object.entries(VALUE_SETS).map(([id, vs]) => {
    const [system, code, display] = vs.members[0] ?? ['', '', ''];
    return [id, { system, code, display }];
  }),
);

function valueSet(id: string, title: string, members: readonly Member[]): ValueSet {
  const isMedication = members.every(([system]) => system === SYSTEMS.rxnorm);
  return {
    id,
    title,
    keys: new Set(members.map(([system, code]) => codeKey(system, code))),
    names: isMedication ? members.map(([, , display]) => display) : [],
    sources: ['tests/support/rule-knowledge.ts'],
  };
}

function labDef(id: string, title: string, loinc: string, canonicalUnit: string, display: string): LabDefinition {
  return {
    id,
    title,
    keys: new Set([codeKey(SYSTEMS.loinc, loinc)]),
    canonicalUnit,
    orderCode: { system: SYSTEMS.loinc, code: loinc, display },
  };
}

const LABS: Readonly<Record<string, LabDefinition>> = {
  ferritin: { ...labDef('ferritin', 'Ferritin', '2276-4', 'ng/mL', 'Ferritin [Mass/volume] in Serum or Plasma'), molarMass: 445_000 },
  tsh: labDef('tsh', 'TSH', '3016-3', 'm[IU]/L', 'Thyrotropin [Units/volume] in Serum or Plasma'),
  glucose: labDef('glucose', 'Glucose', '2345-7', 'mg/dL', 'Glucose [Mass/volume] in Serum or Plasma'),
  'fasting-glucose': labDef('fasting-glucose', 'Fasting glucose', '1558-6', 'mg/dL', 'Fasting glucose [Mass/volume] in Serum or Plasma'),
  hba1c: labDef('hba1c', 'HbA1c', '4548-4', '%', 'Hemoglobin A1c/Hemoglobin.total in Blood'),
  creatinine: labDef('creatinine', 'Creatinine', '2160-0', 'mg/dL', 'Creatinine [Mass/volume] in Serum or Plasma'),
  egfr: labDef('egfr', 'eGFR', '98979-8', 'mL/min/{1.73_m2}', 'Glomerular filtration rate/1.73 sq M.predicted (CKD-EPI 2021)'),
  potassium: labDef('potassium', 'Potassium', '2823-3', 'mmol/L', 'Potassium [Moles/volume] in Serum or Plasma'),
  magnesium: labDef('magnesium', 'Magnesium', '19123-9', 'mg/dL', 'Magnesium [Mass/volume] in Serum or Plasma'),
  tsat: labDef('tsat', 'Transferrin saturation', '2502-3', '%', 'Iron saturation [Mass Fraction] in Serum or Plasma'),
  iron: labDef('iron', 'Serum iron', '2498-4', 'ug/dL', 'Iron [Mass/volume] in Serum or Plasma'),
  tibc: labDef('tibc', 'Total iron-binding capacity', '2500-7', 'ug/dL', 'Iron binding capacity'),
};

const CITATION_IDS = [
  'guidance',
  'aafp-leg-cramps-2012',
  'aasm-rls-2024',
  'aasm-psg-2005',
  'fda-quinine-2010',
  'ada-diabetes-diagnosis',
  'kdigo-ckd-2024',
  'tsh-reference',
];

function isCardTemplates(value: unknown): value is Record<TopicCode, CardTemplate> {
  if (typeof value !== 'object' || value === null) return false;
  return TOPIC_CODES.every((topic) => {
    const card: unknown = (value as Record<string, unknown>)[topic];
    return typeof card === 'object' && card !== null && 'summary' in card && 'detail' in card && 'title' in card;
  });
}

/** The shipped card texts (cds-services/knowledge/cards.json). */
export function shippedCardTemplates(): Readonly<Record<TopicCode, CardTemplate>> {
  const parsed: unknown = JSON.parse(readFileSync(new URL('../../cds-services/knowledge/cards.json', import.meta.url), 'utf8'));
  if (!isCardTemplates(parsed)) throw new Error('cds-services/knowledge/cards.json lacks a topic');
  return parsed;
}

/** A small valid Knowledge for rule and card tests; override any part. */
export function ruleKnowledge(overrides: Partial<Knowledge> = {}): Knowledge {
  return {
    version: 'test',
    topicSystem: 'https://leg-cramps-cds.example.org/topics',
    leaningExtensionKey: 'org.example.leg-cramps-cds.leaning',
    source: { label: 'Leg cramps vs RLS (test)', url: 'https://leg-cramps-cds.example.org' },
    labLookbackMonths: 12,
    medicationLookbackMonths: 12,
    encounterDiagnosisActiveMonths: 12,
    topics: SHIPPED_TOPICS,
    valueSets: Object.fromEntries(Object.entries(VALUE_SETS).map(([id, vs]) => [id, valueSet(id, vs.title, vs.members)])),
    labs: LABS,
    settledDiagnosisMonths: 12,
    statuslessProblemMonths: { pregnancy: 10 },
    pediatricAgeYears: 18,
    ironCriteria: TEST_IRON_CRITERIA,
    thresholds: {
      'ferritin-low': { value: 50, unit: 'ng/mL', comparator: '<', citation: 'guidance' },
      'ferritin-rls-adult': { value: 75, unit: 'ng/mL', comparator: '<=', citation: 'aasm-rls-2024' },
      'ferritin-rls-iv-lower': { value: 75, unit: 'ng/mL', comparator: '>', citation: 'aasm-rls-2024' },
      'ferritin-rls-iv-upper': { value: 100, unit: 'ng/mL', comparator: '<=', citation: 'aasm-rls-2024' },
      'ferritin-rls-esrd': { value: 200, unit: 'ng/mL', comparator: '<', citation: 'aasm-rls-2024' },
      'ferritin-rls-child': { value: 50, unit: 'ng/mL', comparator: '<', citation: 'aasm-rls-2024' },
      'tsat-low': { value: 20, unit: '%', comparator: '<', citation: 'aasm-rls-2024' },
      'tsh-low': { value: 0.4, unit: 'm[IU]/L', comparator: '<', citation: 'tsh-reference' },
      'tsh-high': { value: 4.5, unit: 'm[IU]/L', comparator: '>', citation: 'tsh-reference' },
      'glucose-high': { value: 200, unit: 'mg/dL', comparator: '>=', citation: 'ada-diabetes-diagnosis' },
      'fasting-glucose-high': { value: 126, unit: 'mg/dL', comparator: '>=', citation: 'ada-diabetes-diagnosis' },
      'hba1c-high': { value: 6.5, unit: '%', comparator: '>=', citation: 'ada-diabetes-diagnosis' },
      'egfr-low': { value: 60, unit: 'mL/min/{1.73_m2}', comparator: '<', citation: 'kdigo-ckd-2024' },
      'potassium-low': { value: 3.5, unit: 'mmol/L', comparator: '<', citation: 'guidance' },
      'magnesium-low': { value: 1.7, unit: 'mg/dL', comparator: '<', citation: 'guidance' },
    },
    citations: Object.fromEntries(
      CITATION_IDS.map((id) => [id, { label: `Citation ${id}`, url: `https://leg-cramps-cds.example.org/cite/${id}` }]),
    ),
    secondaryCauses: [
      {
        id: 'peripheral-neuropathy',
        label: 'Peripheral neuropathy',
        valueSets: ['peripheral-neuropathy'],
        labCriteria: [],
        examination: 'Neurological exam: sensation, reflexes, vibration',
        citation: 'guidance',
      },
      { id: 'radiculopathy', label: 'Radiculopathy', valueSets: ['radiculopathy'], labCriteria: [], examination: 'Straight-leg raise, dermatomes', citation: 'guidance' },
      {
        id: 'thyroid',
        label: 'Thyroid dysfunction',
        valueSets: ['hypothyroidism'],
        labCriteria: [
          { labId: 'tsh', threshold: 'tsh-low', direction: 'below' },
          { labId: 'tsh', threshold: 'tsh-high', direction: 'above' },
        ],
        examination: 'Thyroid exam, ankle reflexes',
        citation: 'guidance',
      },
      {
        id: 'diabetes',
        label: 'Diabetes',
        valueSets: ['diabetes'],
        labCriteria: [
          { labId: 'glucose', threshold: 'glucose-high', direction: 'above' },
          { labId: 'fasting-glucose', threshold: 'fasting-glucose-high', direction: 'above' },
          { labId: 'hba1c', threshold: 'hba1c-high', direction: 'above' },
        ],
        examination: 'Foot exam: monofilament, vibration',
        citation: 'guidance',
      },
      {
        id: 'kidney',
        label: 'Chronic kidney disease',
        valueSets: ['chronic-kidney-disease'],
        labCriteria: [{ labId: 'egfr', threshold: 'egfr-low', direction: 'below' }],
        examination: 'Volume status, edema',
        citation: 'guidance',
      },
    ],
    workup: [
      { id: 'ferritin', title: 'Ferritin', appliesTo: 'cramps', labIds: ['ferritin'], orderLabId: 'ferritin' },
      {
        id: 'iron-panel',
        title: 'Iron panel',
        appliesTo: 'rls',
        labIds: ['ferritin', 'tsat'],
        satisfiedBy: 'all',
        orderLabId: 'ferritin',
        alsoOrderLabIds: ['iron', 'tibc', 'tsat'],
        patientInstruction: 'Morning blood draw; no iron for 24 hours before.',
      },
      { id: 'thyroid', title: 'Thyroid function (TSH)', labIds: ['tsh'], orderLabId: 'tsh' },
      { id: 'glucose', title: 'Glucose or HbA1c', labIds: ['glucose', 'fasting-glucose', 'hba1c'], orderLabId: 'hba1c' },
      { id: 'renal', title: 'Renal function', labIds: ['creatinine', 'egfr'], orderLabId: 'creatinine' },
    ],
    cards: shippedCardTemplates(),
    ...overrides,
  };
}
