import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, Resource } from 'fhir/r4.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';
import { coding, concept, cpt, icd10, loinc, medicationRequest, rxnorm, serviceRequest } from './fhir-builders.js';
import { hookRequest, prefetchOf, type TestHook } from './hook-requests.js';

/**
 * The project's own synthetic fixtures (fixtures/README.md): one FHIR collection Bundle per patient in
 * `fixtures/patients/`, the draft orders the order hooks are called with, and the replayable hook requests
 * of `fixtures/requests/`, which are built from the two and checked for drift by tests/clinical/fixture-requests.test.ts.
 */

export const PATIENT_FIXTURES_DIR = path.resolve('fixtures', 'patients');
export const REQUEST_FIXTURES_DIR = path.resolve('fixtures', 'requests');

/** The names of every patient fixture (file name without `.json`, also the Patient id), sorted. */
export function patientFixtureNames(): string[] {
  return readdirSync(PATIENT_FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

function isCollectionBundle(value: unknown): value is Bundle {
  if (typeof value !== 'object' || value === null) return false;
  const { resourceType, type, entry } = value as { resourceType?: unknown; type?: unknown; entry?: unknown };
  return resourceType === 'Bundle' && type === 'collection' && Array.isArray(entry);
}

/**
 * The resources of one patient fixture. Throws unless the file is a collection Bundle holding exactly one
 * Patient whose id is the fixture name, so a test can never run on a mislabelled file.
 */
export function loadPatientFixture(name: string): Resource[] {
  const bundle: unknown = JSON.parse(readFileSync(path.join(PATIENT_FIXTURES_DIR, `${name}.json`), 'utf8'));
  if (!isCollectionBundle(bundle)) throw new Error(`fixtures/patients/${name}.json: not a collection Bundle`);
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource as Resource] : []));
  const patients = resources.filter((r) => r.resourceType === 'Patient');
  if (patients.length !== 1 || patients[0]?.id !== name) {
    throw new Error(`fixtures/patients/${name}.json: needs exactly one Patient with id ${name}`);
  }
  return resources;
}

/** The draft orders the fixtures are called with; ids are `fx-draft-<key>`. */
export type DraftKey =
  | 'psg-95810'
  | 'psg-95810-for-plmd'
  | 'psg-95811'
  | 'psg-g0398'
  | 'psg-not-to-perform'
  | 'quinine-for-malaria'
  | 'quinine-not-to-give'
  | 'ropinirole-for-rls'
  | 'ferritin-order'
  | 'quinine'
  | 'sertraline'
  | 'ropinirole'
  | 'hydrochlorothiazide'
  | 'potassium-chloride'
  | 'amlodipine';

const AUTHORED = '2026-11-20';

// Codes are verified knowledge codes (public source in cds-services/knowledge/sources/code-provenance.json) or members
// of the vendored VSAC expansions; ropinirole is known only by name.
const DRAFTS: Readonly<Record<DraftKey, (id: string, patientId: string) => Resource>> = {
  'psg-95810': (id, patientId) =>
    serviceRequest({ id, patientId, authoredOn: AUTHORED, codes: [cpt('95810')], text: 'Polysomnography, attended, 4 or more parameters' }),
  'psg-95810-for-plmd': (id, patientId) =>
    serviceRequest({
      id,
      patientId,
      authoredOn: AUTHORED,
      codes: [cpt('95810')],
      text: 'Polysomnography, attended, 4 or more parameters',
      reasons: [icd10('G47.61', 'Periodic limb movement disorder')],
    }),
  'psg-95811': (id, patientId) =>
    serviceRequest({ id, patientId, authoredOn: AUTHORED, codes: [cpt('95811')], text: 'Polysomnography with CPAP titration' }),
  'psg-g0398': (id, patientId) =>
    serviceRequest({ id, patientId, authoredOn: AUTHORED, codes: [coding(SYSTEMS.hcpcs, 'G0398')], text: 'Home sleep study, type II portable monitor' }),
  'psg-not-to-perform': (id, patientId) => ({
    ...serviceRequest({ id, patientId, authoredOn: AUTHORED, codes: [cpt('95810')], text: 'Polysomnography, attended, 4 or more parameters' }),
    doNotPerform: true,
  }),
  // The indication written on the order itself (reasonCode), on a chart that shows only cramps.
  'quinine-for-malaria': (id, patientId) => ({
    ...medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [rxnorm('9075', 'quinine sulfate')], text: 'quinine sulfate 324 MG Oral Capsule' }),
    reasonCode: [concept([icd10('B54', 'Unspecified malaria')])],
  }),
  'quinine-not-to-give': (id, patientId) => ({
    ...medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [rxnorm('9075', 'quinine sulfate')], text: 'quinine sulfate 324 MG Oral Capsule' }),
    doNotPerform: true,
  }),
  'ropinirole-for-rls': (id, patientId) => ({
    ...medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [], text: 'Ropinirole 0.25 mg tablet at bedtime' }),
    reasonCode: [concept([icd10('G25.81', 'Restless legs syndrome')])],
  }),
  'ferritin-order': (id, patientId) =>
    serviceRequest({ id, patientId, authoredOn: AUTHORED, codes: [loinc('2276-4', 'Ferritin [Mass/volume] in Serum or Plasma')], text: 'Ferritin' }),
  quinine: (id, patientId) =>
    medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [rxnorm('9075', 'quinine sulfate')], text: 'quinine sulfate 324 MG Oral Capsule' }),
  sertraline: (id, patientId) =>
    medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [rxnorm('312938', 'sertraline 100 MG Oral Tablet')] }),
  ropinirole: (id, patientId) =>
    medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [], text: 'Ropinirole 0.25 mg tablet at bedtime' }),
  hydrochlorothiazide: (id, patientId) =>
    medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [rxnorm('429503', 'hydrochlorothiazide 12.5 MG Oral Tablet')] }),
  'potassium-chloride': (id, patientId) =>
    medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [rxnorm('8591', 'potassium chloride')], text: 'Potassium chloride 20 mEq extended-release tablet' }),
  amlodipine: (id, patientId) =>
    medicationRequest({ id, patientId, status: 'draft', authoredOn: AUTHORED, codes: [rxnorm('197361', 'Amlodipine 5 MG Oral Tablet')] }),
};

/** The `Type/id` of a draft order, as `context.selections` and delete suggestions name it. */
export function draftRef(key: DraftKey): string {
  return `${key.startsWith('psg') || key === 'ferritin-order' ? 'ServiceRequest' : 'MedicationRequest'}/fx-draft-${key}`;
}

/** A draft order for the patient. */
export function draftOrder(key: DraftKey, patientId: string): Resource {
  return DRAFTS[key](`fx-draft-${key}`, patientId);
}

/** One call of a hook on a patient fixture; order-select selects the first draft unless `selections` says otherwise. */
export interface FixtureCall {
  readonly fixture: string;
  readonly hook: TestHook;
  readonly drafts?: readonly DraftKey[];
  readonly selections?: readonly DraftKey[];
}

/** The full-prefetch hook request of a fixture call (random hookInstance unless one is given). */
export function fixtureHookRequest(call: FixtureCall, hookInstance?: string): Record<string, unknown> {
  const resources = loadPatientFixture(call.fixture);
  const request = hookRequest(call.hook, {
    patientId: call.fixture,
    prefetch: prefetchOf(resources, call.fixture),
    ...(call.hook === 'patient-view' ? {} : { draftOrders: (call.drafts ?? []).map((key) => draftOrder(key, call.fixture)) }),
    ...(call.selections ? { selections: call.selections.map(draftRef) } : {}),
  });
  return hookInstance === undefined ? request : { ...request, hookInstance };
}

/** A replayable request file of `fixtures/requests/`, and the call it is built from. */
export interface RequestFixture extends FixtureCall {
  readonly file: string;
}

export const REQUEST_FIXTURES: readonly RequestFixture[] = [
  { file: 'patient-view-cramps.json', fixture: 'fx-cramps-statin', hook: 'patient-view' },
  { file: 'patient-view-cramps-no-labs.json', fixture: 'fx-cramps-no-labs', hook: 'patient-view' },
  { file: 'patient-view-rls-low-ferritin.json', fixture: 'fx-rls-low-ferritin', hook: 'patient-view' },
  { file: 'order-select-psg.json', fixture: 'fx-cramps-simple', hook: 'order-select', drafts: ['psg-95810'] },
  {
    file: 'order-select-psg-not-selected.json',
    fixture: 'fx-cramps-simple',
    hook: 'order-select',
    drafts: ['psg-95810', 'ferritin-order'],
    selections: ['ferritin-order'],
  },
  { file: 'order-select-ropinirole.json', fixture: 'fx-cramps-pramipexole', hook: 'order-select', drafts: ['ropinirole'] },
  { file: 'order-sign-quinine.json', fixture: 'fx-cramps-quinine', hook: 'order-sign', drafts: ['quinine'] },
  { file: 'order-sign-psg-sleep-apnea.json', fixture: 'fx-cramps-sleep-apnea', hook: 'order-sign', drafts: ['psg-95811'] },
];

/** A fixed, valid UUID (version 4 layout) derived from the file name, so regenerated files do not churn. */
export function fixedHookInstance(file: string): string {
  const hex = createHash('sha256').update(file).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The request a file of `fixtures/requests/` must hold. */
export function expectedRequestFixture(fixture: RequestFixture): Record<string, unknown> {
  return fixtureHookRequest(fixture, fixedHookInstance(fixture.file));
}

/** A request file of `fixtures/requests/`, parsed. */
export function loadRequestFixture(file: string): unknown {
  return JSON.parse(readFileSync(path.join(REQUEST_FIXTURES_DIR, file), 'utf8'));
}
