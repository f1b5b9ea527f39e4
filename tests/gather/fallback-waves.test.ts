import type { Condition, FhirResource, Observation } from 'fhir/r4.js';
import request from 'supertest';
import { codeKey } from '../../src/knowledge/code-key.js';
import { loadServiceRegistry } from '../../src/hooks/service-registry.js';
import { observation } from '../support/fhir-builders.js';
import { medicationRequestResource, medicationResource, patientResource, searchBundle } from '../support/fhir-resources.js';
import { serveInWaves, type WaveRoute } from '../support/fhir-waves.js';
import { expectCdsResponse, withoutUuids, expectOutcome, topicsOf } from '../support/expect-response.js';
import { hookRequest, SERVICE } from '../support/hook-requests.js';
import { EHR_BASE, allowLoopbackOnly, recordUnmatchedRequests, resetNock } from '../support/nock-fhir-server.js';
import { realKnowledge, testApp } from '../support/test-app.js';

// The service's own FHIR queries when prefetch is missing (issue 11): which queries (narrowed lab searches and their
// undated complement, templates as written otherwise), in how many waves (all keys together; a next page lengthens
// its key's chain only; referenced Medications one wave later, none when nothing is referenced), the per-key cap
// over both narrowed searches, and a server that refuses a narrowed search. The queries are derived from the
// discovery templates and the knowledge's lab codes, so a new key or lab code changes the expectation with it.
// dimensions: key kind (read · search · lab search) · pages (one · two) · medication references (none · some) ·
//   resources against the cap · narrowed search refused

beforeAll(allowLoopbackOnly);
afterEach(resetNock);

const PATIENT = 'pat-1';
const PATIENT_REF = `Patient/${PATIENT}`;
const service = loadServiceRegistry('cds-services').find(SERVICE['patient-view']);
if (service === undefined) throw new Error('no patient-view service');
const templates = service.prefetch;
const knowledge = realKnowledge();
const labCodes = new Set(Object.values(knowledge.labs).flatMap((lab) => [...lab.keys]));
// TEST_NOW (2026-11-20T12:00Z) minus the knowledge's 12-month look-back, minus the day of margin.
const SINCE = '2025-11-19';

function rendered(template: string): string {
  return template.replaceAll('{{context.patientId}}', PATIENT);
}

function isLabSearch(query: string): boolean {
  const [type, search = ''] = query.split('?');
  const codes = new URLSearchParams(search).get('code')?.split(',') ?? [];
  return type === 'Observation' && codes.some((c) => labCodes.has(codeKey(c.split('|')[0] ?? '', c.split('|')[1] ?? '')));
}

const labKeys = Object.keys(templates).filter((key) => isLabSearch(rendered(templates[key] ?? '')));
const dated = (key: string): string => `${rendered(templates[key] ?? '')}&date=ge${SINCE}&_sort=-date`;
const undated = (key: string): string => `${rendered(templates[key] ?? '')}&date:missing=true`;

/** Every query of wave 1, each answered by `answers[query]` or an empty searchset (the Patient read by the Patient). */
function firstWave(answers: Readonly<Record<string, WaveRoute['body']>> = {}): WaveRoute[] {
  return Object.entries(templates).flatMap(([key, template]) => {
    const query = rendered(template);
    const queries = labKeys.includes(key) ? [dated(key), undated(key)] : [query];
    return queries.map((q) => ({ query: q, body: answers[q] ?? (q.includes('?') ? searchBundle([]) : patientResource(PATIENT)) }));
  });
}

const rls: Condition = {
  resourceType: 'Condition',
  id: 'rls-1',
  subject: { reference: PATIENT_REF },
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G25.81' }] },
};
const conditionsQuery = rendered(templates['conditions'] ?? '');
const medicationRequestsQuery = rendered(templates['medicationRequests'] ?? '');

async function callWithoutPrefetch(env: NodeJS.ProcessEnv = {}): Promise<request.Response> {
  const { app } = testApp({ env });
  return request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(hookRequest('patient-view', { patientId: PATIENT, fhirServer: EHR_BASE }));
}

test('the templates have lab keys to narrow and keys that are not (the cases below are not vacuous)', () => {
  expect(knowledge.labLookbackMonths).toBe(12);
  expect(labKeys).toEqual(Object.keys(templates).filter((key) => templates[key]?.startsWith('Observation?')));
  expect(labKeys).toContain('ferritin');
  expect(labKeys.length).toBeLessThan(Object.keys(templates).length);
});

test('every missing key is asked in one wave: lab searches bounded by the look-back and newest first, plus their undated complement', async () => {
  const server = serveInWaves(firstWave({ [conditionsQuery]: searchBundle([rls]) }));
  const unmatched = recordUnmatchedRequests();

  const res = await callWithoutPrefetch();

  expect(topicsOf(expectCdsResponse(res).cards)).toEqual(['cramp-vs-rls', 'workup-labs']);
  expect(unmatched).toEqual([]);
  expect(server.waves()).toHaveLength(1);
  expect(server.waves()[0]).toEqual(expect.arrayContaining([
    'Observation?patient=pat-1&_count=100&code=http://loinc.org|3016-3&date=ge2025-11-19&_sort=-date',
    'Observation?patient=pat-1&_count=100&code=http://loinc.org|3016-3&date:missing=true',
    conditionsQuery,
    'Patient/pat-1',
  ]));
  expect(server.waves()[0]).toHaveLength(Object.keys(templates).length + labKeys.length);
  expect(server.scope.isDone()).toBe(true);
});

test('Medications named by the answers and in no Bundle are read in one more wave, with one _id search', async () => {
  const answers = {
    [conditionsQuery]: searchBundle([rls]),
    [medicationRequestsQuery]: searchBundle([medicationRequestResource('mr1', PATIENT_REF, 'Medication/m1'), medicationRequestResource('mr2', PATIENT_REF, 'Medication/m2')]),
  };
  const server = serveInWaves([...firstWave(answers), { query: 'Medication?_id=m1,m2&_count=2', body: searchBundle([medicationResource('m1'), medicationResource('m2')]) }]);

  expectCdsResponse(await callWithoutPrefetch());

  expect(server.waves().map((wave) => wave.length)).toEqual([Object.keys(templates).length + labKeys.length, 1]);
  expect(server.waves()[1]).toEqual(['Medication?_id=m1,m2&_count=2']);
  expect(server.scope.isDone()).toBe(true);
});

test('a next page lengthens only the chain of its key', async () => {
  const next = `${EHR_BASE}/${dated('ferritin')}&_offset=1`;
  const ferritin = (id: string, day: string): Observation => observation({ id, patientId: PATIENT, effectiveDateTime: day, value: 90 });
  const answers = { [conditionsQuery]: searchBundle([rls]), [dated('ferritin')]: searchBundle([ferritin('f1', '2026-10-01')], next) };
  const server = serveInWaves([...firstWave(answers), { query: `${dated('ferritin')}&_offset=1`, body: searchBundle([ferritin('f2', '2026-09-01')]) }]);

  expectCdsResponse(await callWithoutPrefetch());

  expect(server.waves().map((wave) => wave.length)).toEqual([Object.keys(templates).length + labKeys.length, 1]);
  expect(server.waves()[1]).toEqual([`${dated('ferritin')}&_offset=1`]);
  expect(server.scope.isDone()).toBe(true);
});

test('a lab dated only by issued is found by the undated search, and its card is the card of full prefetch', async () => {
  const issuedOnly = observation({ id: 'f-issued', patientId: PATIENT, issued: '2026-10-01T09:00:00Z', value: 30 });
  const answers = { [conditionsQuery]: searchBundle([rls]), [undated('ferritin')]: searchBundle([issuedOnly]) };
  const server = serveInWaves(firstWave(answers));

  const fetched = expectCdsResponse(await callWithoutPrefetch()).cards;
  const prefetch: Record<string, FhirResource | null> = Object.fromEntries(Object.keys(templates).map((key) => [key, searchBundle([])]));
  const { app } = testApp();
  const prefetched = await request(app)
    .post(`/cds-services/${SERVICE['patient-view']}`)
    .send(hookRequest('patient-view', { patientId: PATIENT, prefetch: { ...prefetch, patient: patientResource(PATIENT), conditions: searchBundle([rls]), ferritin: searchBundle([issuedOnly]) } }));

  expect(topicsOf(fetched)).toEqual(['cramp-vs-rls', 'iron-deficiency', 'workup-labs']);
  expect(withoutUuids(fetched)).toEqual(withoutUuids(expectCdsResponse(prefetched).cards));
  expect(server.scope.isDone()).toBe(true);
});

test('the per-key cap counts both narrowed searches together: one resource over is a 412 naming the key', async () => {
  const lab = (id: string): Observation => observation({ id, patientId: PATIENT, effectiveDateTime: '2026-10-01', value: 90 });
  const answers = { [dated('ferritin')]: searchBundle([lab('f1'), lab('f2')]), [undated('ferritin')]: searchBundle([observation({ id: 'f3', patientId: PATIENT, issued: '2026-10-01' })]) };
  const server = serveInWaves(firstWave(answers));

  const res = await callWithoutPrefetch({ CDS_MAX_RESOURCES_PER_KEY: '2' });

  const outcome = expectOutcome(res, 412, 'prefetch.ferritin');
  expect(outcome.issue[0]?.diagnostics).toBe('prefetch.ferritin: more than 2 resources');
  expect(server.scope.isDone()).toBe(true);
});

test('a server that refuses a narrowed search (HTTP 400) is asked the template as written, on that key\'s chain only', async () => {
  const refused = firstWave({ [conditionsQuery]: searchBundle([rls]) }).map((route) => (route.query === undated('ferritin') ? { ...route, status: 400, body: { resourceType: 'OperationOutcome', issue: [] } } : route));
  const plain = rendered(templates['ferritin'] ?? '');
  const server = serveInWaves([...refused, { query: plain, body: searchBundle([observation({ id: 'f1', patientId: PATIENT, effectiveDateTime: '2026-10-01', value: 30 })]) }]);

  const cards = expectCdsResponse(await callWithoutPrefetch()).cards;

  expect(topicsOf(cards)).toEqual(['cramp-vs-rls', 'iron-deficiency', 'workup-labs']);
  expect(server.waves()[1]).toEqual([plain]);
  expect(server.scope.isDone()).toBe(true);
});
