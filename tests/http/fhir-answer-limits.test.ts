import { Readable } from 'node:stream';
import type { Bundle, Resource } from 'fhir/r4.js';
import request from 'supertest';
import { expectCdsResponse, expectOutcome } from '../support/expect-response.js';
import { condition, icd10 } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, searchset, SERVICE } from '../support/hook-requests.js';
import { allowLoopbackOnly, EHR_BASE, ehrServer, resetNock } from '../support/nock-fhir-server.js';
import { testApp } from '../support/test-app.js';

// FHIR answers are bounded: a key holds at most CDS_MAX_RESOURCES_PER_KEY resources (prefetch and pages together),
// one answer is read up to CDS_MAX_FHIR_RESPONSE_BYTES, and reading stops at the deadline; past a bound the call
// answers 412 naming the key, never a partial chart. nock plays the EHR's FHIR server.
// dimensions: bound (resources over pages, resources in the prefetch, declared bytes, streamed bytes, deadline) ·
// just at the bound (200) or over it (412 naming prefetch.conditions)

const PATIENT = 'patient-1';
const MAX_RESOURCES = 3;
const MAX_BYTES = 8192;
const { app } = testApp({ env: { CDS_MAX_RESOURCES_PER_KEY: String(MAX_RESOURCES), CDS_MAX_FHIR_RESPONSE_BYTES: String(MAX_BYTES), CDS_DEADLINE_MS: '800' } });

const conditions = (n: number, from = 0): Resource[] =>
  Array.from({ length: n }, (_, i) => condition({ id: `c-${from + i}`, patientId: PATIENT, codes: [icd10('I10', 'Essential hypertension')] }));
const withNext = (bundle: Bundle, page: number): Bundle => ({ ...bundle, link: [{ relation: 'next', url: `${EHR_BASE}/Condition?patient=${PATIENT}&page=${page}` }] });

/** A patient-view call whose prefetch has every key but `conditions`, which the service must fetch. */
function callWithoutConditions(): Record<string, unknown> {
  const prefetch = prefetchOf([{ resourceType: 'Patient', id: PATIENT }], PATIENT);
  delete prefetch.conditions;
  return hookRequest('patient-view', { patientId: PATIENT, prefetch, fhirServer: EHR_BASE });
}
const post = (body: unknown) => request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body as object);
const diagnostics = (res: { body: unknown }): string[] => ((res.body as { issue?: { diagnostics?: string }[] }).issue ?? []).map((i) => i.diagnostics ?? '');

beforeAll(allowLoopbackOnly);
afterEach(resetNock);

test('exactly CDS_MAX_RESOURCES_PER_KEY resources over two pages → 200', async () => {
  const scope = ehrServer()
    .get('/fhir/Condition').query({ patient: PATIENT, _count: '100' }).reply(200, withNext(searchset(conditions(2)), 2))
    .get('/fhir/Condition').query({ patient: PATIENT, page: '2' }).reply(200, searchset(conditions(1, 2)));
  expectCdsResponse(await post(callWithoutConditions()));
  scope.done();
});

test('one resource more over the pages → 412 naming prefetch.conditions, and no further page is read', async () => {
  const scope = ehrServer()
    .get('/fhir/Condition').query({ patient: PATIENT, _count: '100' }).reply(200, withNext(searchset(conditions(2)), 2))
    .get('/fhir/Condition').query({ patient: PATIENT, page: '2' }).reply(200, withNext(searchset(conditions(2, 2)), 3));
  const res = await post(callWithoutConditions());
  expectOutcome(res, 412, 'prefetch.conditions');
  expect(diagnostics(res)).toEqual([`prefetch.conditions: more than ${MAX_RESOURCES} resources`]);
  scope.done();
});

test('a prefetch Bundle over the cap → 412 naming the key, with no FHIR call', async () => {
  const prefetch = prefetchOf([{ resourceType: 'Patient', id: PATIENT }, ...conditions(MAX_RESOURCES + 1)], PATIENT);
  const res = await post(hookRequest('patient-view', { patientId: PATIENT, prefetch }));
  expectOutcome(res, 412, 'prefetch.conditions');
  expect(diagnostics(res)).toEqual([`prefetch.conditions: more than ${MAX_RESOURCES} resources`]);
});

const padded = (bytes: number): string => JSON.stringify({ ...searchset([]), id: 'x'.repeat(bytes) });

test('an answer whose Content-Length is over CDS_MAX_FHIR_RESPONSE_BYTES → 412 naming the key', async () => {
  const body = padded(MAX_BYTES);
  const scope = ehrServer().get('/fhir/Condition').query(true).reply(200, body, { 'Content-Type': 'application/fhir+json', 'Content-Length': String(Buffer.byteLength(body)) });
  const res = await post(callWithoutConditions());
  expectOutcome(res, 412, 'prefetch.conditions');
  expect(diagnostics(res)).toEqual([`prefetch.conditions: FHIR server answer is over ${MAX_BYTES} bytes`]);
  scope.done();
});

test('a streamed answer without Content-Length stops being read at the cap → 412 naming the key', async () => {
  // 2 MB of valid JSON in 1 kB chunks: read whole, it would be an empty Bundle and a 200.
  const body = padded(2 * 1024 * 1024);
  const chunks = Array.from({ length: Math.ceil(body.length / 1024) }, (_, i) => body.slice(i * 1024, (i + 1) * 1024));
  const scope = ehrServer().get('/fhir/Condition').query(true).reply(200, () => Readable.from(chunks), { 'Content-Type': 'application/fhir+json' });
  const res = await post(callWithoutConditions());
  expectOutcome(res, 412, 'prefetch.conditions');
  expect(diagnostics(res)).toEqual([`prefetch.conditions: FHIR server answer is over ${MAX_BYTES} bytes`]);
  scope.done();
});

test('an answer under the cap, Content-Length given, is read', async () => {
  const body = JSON.stringify(searchset(conditions(1)));
  const scope = ehrServer().get('/fhir/Condition').query(true).reply(200, body, { 'Content-Type': 'application/fhir+json', 'Content-Length': String(Buffer.byteLength(body)) });
  expectCdsResponse(await post(callWithoutConditions()));
  scope.done();
});

test('a body still arriving at the deadline is abandoned → 412 naming the key, within the deadline', async () => {
  ehrServer().get('/fhir/Condition').query(true).delayBody(5000).reply(200, searchset(conditions(1)));
  const started = performance.now();
  const res = await post(callWithoutConditions());
  expectOutcome(res, 412, 'prefetch.conditions');
  expect(diagnostics(res)).toEqual(['prefetch.conditions: FHIR server did not answer before the deadline']);
  expect(performance.now() - started).toBeLessThan(3000);
});
