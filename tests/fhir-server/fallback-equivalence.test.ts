import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, Condition, MedicationRequest, Observation, Resource } from 'fhir/r4.js';
import request from 'supertest';
import { loadServiceRegistry } from '../../src/hooks/service-registry.js';
import type { HookContext } from '../../src/hooks/hook-types.js';
import { prefetchFromFhirServer } from '../support/ehr-prefetch.js';
import { expectCdsResponse, withoutUuids, topicsOf } from '../support/expect-response.js';
import { medicationRequestResource } from '../support/fhir-resources.js';
import { draftOrder, draftRef, loadPatientFixture, patientFixtureNames, REQUEST_FIXTURES } from '../support/fixtures.js';
import { hookRequest, SERVICE, type TestHook } from '../support/hook-requests.js';
import { PROCESS_TIMEOUT_MS, startNode, type RunningProcess } from '../support/processes.js';
import { daysBetween, latestLabTime, shiftBundleDates } from '../support/shifted-record.js';
import { SYNTHEA_DIR, syntheaPatients } from '../support/synthea.js';
import { TEST_NOW, testApp } from '../support/test-app.js';

// Issue 11: the service's own narrowed queries (no prefetch) give exactly the cards of full prefetch, built by running
// every discovery template as written on the same real local FHIR server (`npm run fhir` as a process) and following
// every page. Patients: every fixture of fixtures/patients and every Synthea patient unmodified (server A); every
// Synthea patient made current in code (dates shifted so its last labs are a month before TEST_NOW, a leg-cramp or
// RLS problem added) and a fixture whose labs are dated only by `issued` (server B). Hooks: patient-view for all;
// the order calls of fixtures/requests; an order-sign whose draft names a Medication no Bundle holds (the medication
// wave, an `_id` search on the server).

const templatesOf = (hook: TestHook): Readonly<Record<string, string>> => {
  const service = loadServiceRegistry('cds-services').find(SERVICE[hook]);
  if (service === undefined) throw new Error(`no ${hook} service`);
  return service.prefetch;
};

const ADDED: readonly string[] = ['fixtures/add/leg-cramps-condition.json', 'fixtures/add/rls-condition.json'];

interface Call {
  readonly name: string;
  readonly server: 'A' | 'B';
  readonly hook: TestHook;
  readonly patientId: string;
  readonly draftOrders?: readonly Resource[];
  readonly selections?: readonly string[];
}

/** A Synthea bundle made current: dates shifted to a month before TEST_NOW, problem `added` (a Condition file) added. */
function currentSynthea(file: string, patientId: string, resources: readonly Resource[], added: string): Bundle {
  const bundle = JSON.parse(readFileSync(path.join(SYNTHEA_DIR, file), 'utf8')) as Bundle;
  const monthAgo = new Date(TEST_NOW.getTime() - 30 * 86_400_000);
  const shifted = shiftBundleDates(bundle, daysBetween(latestLabTime(resources), monthAgo));
  const condition = { ...(JSON.parse(readFileSync(added, 'utf8')) as Condition), subject: { reference: `Patient/${patientId}` } };
  return { ...shifted, entry: [...(shifted.entry ?? []), { fullUrl: `urn:uuid:added-${patientId}`, resource: condition }] };
}

/** A fixture whose Observations carry only `issued` (no effective[x]): a `date` search cannot find them. */
function issuedOnlyFixture(name: string): Bundle {
  const resources = loadPatientFixture(name).map((resource): Resource => {
    if (resource.resourceType !== 'Observation') return resource;
    const { effectiveDateTime, ...rest } = resource as Observation;
    return { ...rest, ...(effectiveDateTime === undefined ? {} : { issued: effectiveDateTime }) } as Observation;
  });
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource: resource as Observation })) };
}

/** A draft MedicationRequest that names its drug only by a Medication reference. */
function draftNaming(medication: string, patientId: string): MedicationRequest {
  // A display that names no drug, so a culprit card can only come from the Medication the service read.
  return { ...medicationRequestResource('fx-draft-med', `Patient/${patientId}`, medication), status: 'draft', medicationReference: { reference: medication, display: 'ordered medication' } };
}

const ISSUED_ONLY = 'fx-rls-low-ferritin';
const synthea = syntheaPatients();
const folder = mkdtempSync(path.join(tmpdir(), 'fallback-equivalence-'));
synthea.forEach((p, i) => writeFileSync(path.join(folder, p.file), JSON.stringify(currentSynthea(p.file, p.patientId, p.resources, ADDED[i % 2] ?? ''))));
writeFileSync(path.join(folder, `${ISSUED_ONLY}.json`), JSON.stringify(issuedOnlyFixture(ISSUED_ONLY)));

const calls: readonly Call[] = [
  ...patientFixtureNames().map((name): Call => ({ name, server: 'A', hook: 'patient-view', patientId: name })),
  ...synthea.map((p): Call => ({ name: p.file, server: 'A', hook: 'patient-view', patientId: p.patientId })),
  ...synthea.map((p): Call => ({ name: `${p.file} (current)`, server: 'B', hook: 'patient-view', patientId: p.patientId })),
  { name: `${ISSUED_ONLY} (issued only)`, server: 'B', hook: 'patient-view', patientId: ISSUED_ONLY },
  ...REQUEST_FIXTURES.filter((f) => f.hook !== 'patient-view').map((f): Call => ({
    name: f.file,
    server: 'A',
    hook: f.hook,
    patientId: f.fixture,
    draftOrders: (f.drafts ?? []).map((key) => draftOrder(key, f.fixture)),
    ...(f.selections ? { selections: f.selections.map(draftRef) } : {}),
  })),
  {
    name: 'order-sign of a draft naming Medication/fx-med-lisinopril-hctz',
    server: 'A',
    hook: 'order-sign',
    patientId: 'fx-cramps-simple',
    draftOrders: [draftNaming('Medication/fx-med-lisinopril-hctz', 'fx-cramps-simple')],
  },
];

const servers: Partial<Record<Call['server'], { process: RunningProcess; base: string }>> = {};
const READY = /FHIR R4 server on (http:\/\/127\.0\.0\.1:\d+) /;
beforeAll(async () => {
  const [a, b] = await Promise.all([
    startNode('dist/cli/fhir.js', ['fixtures/patients', SYNTHEA_DIR, '--port', '0'], {}, READY),
    startNode('dist/cli/fhir.js', [folder, '--port', '0'], {}, READY),
  ]);
  servers.A = { process: a, base: a.match[1] ?? '' };
  servers.B = { process: b, base: b.match[1] ?? '' };
}, PROCESS_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all([servers.A?.process.stop(), servers.B?.process.stop()]);
  rmSync(folder, { recursive: true, force: true });
});

const topicsByCall = new Map<string, string[]>();

test.each(calls)('$name ($hook): the cards of the service\'s own queries equal those of full prefetch', async (call) => {
  const base = servers[call.server]?.base ?? '';
  // The deadline is not under test (a cold server on a busy machine answers its first searches slowly).
  const { app } = testApp({ env: { CDS_DEADLINE_MS: '20000' }, policy: (url) => url === base });
  const options = {
    patientId: call.patientId,
    fhirServer: base,
    ...(call.draftOrders ? { draftOrders: call.draftOrders } : {}),
    ...(call.selections ? { selections: call.selections } : {}),
  };
  const context: HookContext = { hook: call.hook, patientId: call.patientId, userId: 'Practitioner/prac-1', selections: [], draftOrders: [] };
  const prefetch = await prefetchFromFhirServer(base, templatesOf(call.hook), context);

  const fetched = expectCdsResponse(await request(app).post(`/cds-services/${SERVICE[call.hook]}`).send(hookRequest(call.hook, options)));
  const prefetched = expectCdsResponse(await request(app).post(`/cds-services/${SERVICE[call.hook]}`).send(hookRequest(call.hook, { ...options, prefetch })));

  expect(withoutUuids(fetched.cards)).toEqual(withoutUuids(prefetched.cards));
  topicsByCall.set(call.name, topicsOf(fetched.cards));
}, PROCESS_TIMEOUT_MS);

test('the comparison is not vacuous: current Synthea patients get lab-driven cards, the issued-only labs count, the drafted Medication is read', () => {
  const current = synthea.map((p) => topicsByCall.get(`${p.file} (current)`) ?? []);
  expect(current.every((topics) => topics.includes('cramp-vs-rls'))).toBe(true);
  expect(current.some((topics) => topics.includes('secondary-causes'))).toBe(true);
  expect(topicsByCall.get(`${ISSUED_ONLY} (issued only)`)).toEqual(['cramp-vs-rls', 'iron-deficiency']);
  expect(topicsByCall.get('order-sign of a draft naming Medication/fx-med-lisinopril-hctz')).toEqual(['cramp-drug-culprit']);
});
