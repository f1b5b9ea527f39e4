import nock from 'nock';
import request from 'supertest';
import type { Bundle, Resource } from 'fhir/r4.js';
import { expectCdsResponse, expectOutcome } from '../support/expect-response.js';
import { condition, icd10, medicationRequest, rxnorm, serviceRequest, cpt } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, searchset, SERVICE, type TestHook } from '../support/hook-requests.js';
import { allowLoopbackOnly, EHR_BASE, EHR_ORIGIN, recordUnmatchedRequests, resetNock } from '../support/nock-fhir-server.js';
import { testApp } from '../support/test-app.js';

// dimensions: hook (3) · data source (full prefetch / none + fhirServer / none + no server) ·
// FHIR behaviour (paging, null key, OperationOutcome key, 500, timeout, wrong patient)

const PATIENT = 'patient-1';
const HOOKS: TestHook[] = ['patient-view', 'order-select', 'order-sign'];
const KEYS = ['patient', 'conditions', 'medicationStatements', 'medicationRequests', 'ferritin', 'thyroid', 'glucose', 'renal', 'electrolytes'];
const PATHS: Record<string, string> = {
  conditions: '/fhir/Condition',
  medicationStatements: '/fhir/MedicationStatement',
  medicationRequests: '/fhir/MedicationRequest',
};
const OBSERVATION_KEYS = ['ferritin', 'thyroid', 'glucose', 'renal', 'electrolytes'];
// Each lab key is asked twice: its look-back search and its undated complement (src/gather/narrowed-queries.ts).
const OBSERVATION_SEARCHES = OBSERVATION_KEYS.length * 2;

const drafts: Resource[] = [serviceRequest({ id: 'sr-1', codes: [cpt('95810')] })];
const quietPatient: Resource[] = [
  { resourceType: 'Patient', id: PATIENT },
  condition({ codes: [icd10('I10', 'Essential hypertension')] }),
  medicationRequest({ codes: [rxnorm('197361', 'Amlodipine 5 MG Oral Tablet')] }),
];

function serveEverything(bundleFor: (path: string) => Bundle = () => searchset([])): nock.Scope {
  const scope = nock(EHR_ORIGIN).get(`/fhir/Patient/${PATIENT}`).reply(200, { resourceType: 'Patient', id: PATIENT });
  for (const path of Object.values(PATHS)) scope.get(path).query(true).reply(200, bundleFor(path));
  scope.get('/fhir/Observation').query(true).times(OBSERVATION_SEARCHES).reply(200, bundleFor('/fhir/Observation'));
  return scope;
}

beforeAll(allowLoopbackOnly);
afterEach(resetNock);

describe('each hook with full prefetch', () => {
  const { app } = testApp();
  test.each(HOOKS)('%s answers 200 with no FHIR call and a schema-valid empty response for a chart without cramps or RLS', async (hook) => {
    const unmatched = recordUnmatchedRequests();
    const body = hookRequest(hook, { patientId: PATIENT, prefetch: prefetchOf(quietPatient, PATIENT), draftOrders: drafts, fhirServer: EHR_BASE });
    const res = await request(app).post(`/cds-services/${SERVICE[hook]}`).send(body);
    expect(expectCdsResponse(res).cards).toEqual([]);
    expect(unmatched).toEqual([]);
  });
});

describe('each hook with no prefetch and a fhirServer', () => {
  const { app, logLines } = testApp();

  test.each(HOOKS)('%s fetches every template key from the FHIR server, with the bearer token', async (hook) => {
    const scope = nock(EHR_ORIGIN, { reqheaders: { authorization: 'Bearer ehr-access-token' } })
      .get(`/fhir/Patient/${PATIENT}`).reply(200, { resourceType: 'Patient', id: PATIENT })
      .get('/fhir/Condition').query({ patient: PATIENT, _count: '100' }).reply(200, searchset(quietPatient.slice(1, 2)))
      .get('/fhir/MedicationStatement').query(true).reply(200, searchset([]))
      .get('/fhir/MedicationRequest').query(true).reply(200, searchset(quietPatient.slice(2)))
      .get('/fhir/Observation').query(true).times(OBSERVATION_SEARCHES).reply(200, searchset([]));
    const body = hookRequest(hook, { patientId: PATIENT, fhirServer: EHR_BASE, accessToken: 'ehr-access-token', draftOrders: drafts });
    const res = await request(app).post(`/cds-services/${SERVICE[hook]}`).send(body);
    expect(expectCdsResponse(res).cards).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  test('a Bundle split over two pages is followed through link[next]', async () => {
    const page2 = `${EHR_BASE}/Condition?patient=${PATIENT}&page=2`;
    const first: Bundle = { ...searchset([condition({ id: 'c-1', codes: [icd10('I10')] })]), link: [{ relation: 'next', url: page2 }] };
    const scope = serveEverything((path) => (path === PATHS.conditions ? first : searchset([])));
    scope.get('/fhir/Condition').query({ patient: PATIENT, page: '2' }).reply(200, searchset([condition({ id: 'c-2', codes: [icd10('I10')] })]));
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(hookRequest('patient-view', { patientId: PATIENT, fhirServer: EHR_BASE }));
    expectCdsResponse(res);
    expect(scope.isDone()).toBe(true);
  });

  test('a key sent as null is not fetched, the others are', async () => {
    const unmatched = recordUnmatchedRequests();
    const scope = nock(EHR_ORIGIN)
      .get(`/fhir/Patient/${PATIENT}`).reply(200, { resourceType: 'Patient', id: PATIENT })
      .get('/fhir/MedicationStatement').query(true).reply(200, searchset([]))
      .get('/fhir/MedicationRequest').query(true).reply(200, searchset([]))
      .get('/fhir/Observation').query(true).times(OBSERVATION_SEARCHES).reply(200, searchset([]));
    const body = hookRequest('patient-view', { patientId: PATIENT, fhirServer: EHR_BASE, prefetch: { conditions: null } });
    expectCdsResponse(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body));
        expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  test('a key sent as an OperationOutcome is fetched again from the FHIR server', async () => {
    const scope = serveEverything();
    const prefetch = { conditions: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] } };
    const body = hookRequest('patient-view', { patientId: PATIENT, fhirServer: EHR_BASE, prefetch });
    expectCdsResponse(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body));
    expect(scope.isDone()).toBe(true);
  });

  test('an OperationOutcome key with no fhirServer → 412 naming the key', async () => {
    const prefetch = { ...prefetchOf(quietPatient, PATIENT), conditions: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] } };
    const body = hookRequest('patient-view', { patientId: PATIENT, prefetch });
    expectOutcome(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body), 412, 'prefetch.conditions');
  });

  test('a FHIR server error (500) → 412 with an OperationOutcome', async () => {
    nock(EHR_ORIGIN)
      .get(`/fhir/Patient/${PATIENT}`).reply(200, { resourceType: 'Patient', id: PATIENT })
      .get('/fhir/Condition').query(true).reply(500, { resourceType: 'OperationOutcome', issue: [] })
      .get(/.*/).query(true).times(20).reply(200, searchset([]));
    const body = hookRequest('patient-view', { patientId: PATIENT, fhirServer: EHR_BASE });
    expectOutcome(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body), 412);
  });

  test('a FHIR server slower than the deadline → 412 within the deadline', async () => {
    const { app: fast } = testApp({ env: { CDS_DEADLINE_MS: '300' } });
    nock(EHR_ORIGIN).get(/.*/).query(true).times(20).delay(5000).reply(200, searchset([]));
    const started = Date.now();
    const body = hookRequest('patient-view', { patientId: PATIENT, fhirServer: EHR_BASE });
    expectOutcome(await request(fast).post(`/cds-services/${SERVICE['patient-view']}`).send(body), 412);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a resource of another patient in a FHIR response is dropped, counted, and never used', async () => {
    const stranger = condition({ id: 'c-x', patientId: 'someone-else', codes: [icd10('G47.62', 'Sleep related leg cramps')] });
    const scope = serveEverything((path) => (path === PATHS.conditions ? searchset([stranger]) : searchset([])));
    const body = hookRequest('patient-view', { patientId: PATIENT, fhirServer: EHR_BASE });
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body);
    expect(expectCdsResponse(res).cards).toEqual([]);
    expect(scope.isDone()).toBe(true);
    const line = logLines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request').pop();
    expect(line?.droppedWrongPatient).toBe(1);
  });
});

describe('no prefetch and no fhirServer', () => {
  const { app } = testApp();
  test.each(HOOKS)('%s → 412: the data the rules need cannot be had', async (hook) => {
    const body = hookRequest(hook, { patientId: PATIENT, draftOrders: drafts });
    expectOutcome(await request(app).post(`/cds-services/${SERVICE[hook]}`).send(body), 412);
  });

  test('a fhirServer the policy refuses is never contacted → 412', async () => {
    const unmatched = recordUnmatchedRequests();
    const body = hookRequest('patient-view', { patientId: PATIENT, fhirServer: 'http://169.254.169.254/latest' });
    expectOutcome(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body), 412);
    expect(unmatched).toEqual([]);
  });
});

test('prefetch keys list every template key', () => {
  expect(Object.keys(prefetchOf([], PATIENT)).sort()).toEqual([...KEYS].sort());
});
