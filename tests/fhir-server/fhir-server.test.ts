import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, Condition, Observation } from 'fhir/r4.js';
import request from 'supertest';
import { expectCdsResponse, withoutUuids, topicsOf } from '../support/expect-response.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { PROCESS_TIMEOUT_MS, startNode, type RunningProcess } from '../support/processes.js';
import { SYNTHEA_DIR, syntheaPatients } from '../support/synthea.js';
import { testApp } from '../support/test-app.js';

// `npm run fhir` as a real process on a third-party Synthea transaction bundle plus the ready leg-cramp Condition
// (fixtures/add): the service fetching everything from it (no prefetch) gives the cards it gives with full
// prefetch built by the tests' own prefetchOf. The server answers what the CDS Hooks sandbox asks: metadata,
// Patient list, searches by GET and POST _search (form body), token and date parameters, _sort, paging with
// link[next] on its own base, and CORS preflights from another origin.

const SYNTHEA_FILE = 'Dirk_Kuhlman_1e503533-b8c2-42cb-a6d5-bbd7d70d07ad.json';
const ADD_FILE = 'fixtures/add/leg-cramps-condition.json';

const patient = syntheaPatients().find((p) => p.file === SYNTHEA_FILE);
if (!patient) throw new Error(`${SYNTHEA_FILE} is missing`);
const patientId = patient.patientId;
const observationIds = patient.resources.filter((r) => r.resourceType === 'Observation').map((r) => r.id ?? '');
// The service's deadline is not under test here (a cold server on a busy machine answers its first searches slowly).
const env = { CDS_DEADLINE_MS: '20000' };

// A result dated only by `issued` (no effective[x]), of a code no prefetch key asks for, so the cards stay the same.
const UNDATED: Observation = {
  resourceType: 'Observation',
  id: 'undated-weight',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
  subject: { reference: 'Patient/example' },
  issued: '2026-10-01T08:00:00Z',
  valueQuantity: { value: 80, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
};
const addFolder = mkdtempSync(path.join(tmpdir(), 'fhir-server-add-'));
const UNDATED_FILE = path.join(addFolder, 'undated-observation.json');
writeFileSync(UNDATED_FILE, JSON.stringify(UNDATED));

let server: RunningProcess;
let base: string;
beforeAll(async () => {
  const args = [path.join(SYNTHEA_DIR, SYNTHEA_FILE), '--add', ADD_FILE, '--add', UNDATED_FILE, '--port', '0'];
  server = await startNode('dist/cli/fhir.js', args, {}, /FHIR R4 server on (http:\/\/127\.0\.0\.1:\d+) /);
  base = server.match[1] ?? '';
}, PROCESS_TIMEOUT_MS);
afterAll(async () => {
  await server.stop();
  rmSync(addFolder, { recursive: true, force: true });
});

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/fhir+json; charset=utf-8']);
  return (await res.json()) as T;
}

test('the service fetching from the server (no prefetch) gives the same cards as with full prefetch', async () => {
  const added = JSON.parse(readFileSync(ADD_FILE, 'utf8')) as Condition;
  const cramps: Condition = { ...added, subject: { reference: `Patient/${patientId}` } };
  const { app } = testApp({ env, policy: (url) => url === base });
  const fetched = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(hookRequest('patient-view', { patientId, fhirServer: base }));
  const prefetched = await request(app)
    .post(`/cds-services/${SERVICE['patient-view']}`)
    .send(hookRequest('patient-view', { patientId, prefetch: prefetchOf([...patient.resources, cramps], patientId) }));
  const fetchedCards = expectCdsResponse(fetched).cards;
  expect(topicsOf(fetchedCards)).toEqual(['cramp-drug-culprit', 'cramp-vs-rls', 'secondary-causes', 'workup-labs']);
  expect(withoutUuids(fetchedCards)).toEqual(withoutUuids(expectCdsResponse(prefetched).cards));
}, PROCESS_TIMEOUT_MS);

test('GET /metadata is an R4 CapabilityStatement; GET /Patient lists the patient', async () => {
  const metadata = await getJson<{ resourceType: string; fhirVersion: string }>(`${base}/metadata`);
  expect([metadata.resourceType, metadata.fhirVersion]).toEqual(['CapabilityStatement', '4.0.1']);
  const patients = await getJson<Bundle>(`${base}/Patient`);
  expect(patients.entry?.map((e) => e.resource?.id)).toEqual([patientId]);
}, PROCESS_TIMEOUT_MS);

test('POST /Observation/_search with a form body answers as the same GET search (token parameter, _count)', async () => {
  const params = new URLSearchParams({ patient: patientId, code: 'http://loinc.org|8302-2', _count: '5' });
  const posted = await getJson<Bundle<Observation>>(`${base}/Observation/_search`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
  const got = await getJson<Bundle<Observation>>(`${base}/Observation?${params.toString()}`);
  expect(posted.entry).toHaveLength(5);
  expect(posted.entry?.every((e) => e.resource?.code.coding?.some((c) => c.system === 'http://loinc.org' && c.code === '8302-2'))).toBe(true);
  expect(posted.entry?.map((e) => e.resource?.id)).toEqual(got.entry?.map((e) => e.resource?.id));
  expect(posted.total).toBe(11);
}, PROCESS_TIMEOUT_MS);

test('link[next] pages through every Observation of the patient on the server\'s own base, newest first with _sort=-date', async () => {
  let url: string | undefined = `${base}/Observation?patient=${patientId}&_count=100&_sort=-date`;
  const ids: string[] = [];
  const dates: string[] = [];
  let pages = 0;
  while (url !== undefined) {
    expect(url.startsWith(`${base}/Observation?`)).toBe(true);
    const page: Bundle<Observation> = await getJson<Bundle<Observation>>(url);
    pages += 1;
    for (const e of page.entry ?? []) {
      ids.push(e.resource?.id ?? '');
      dates.push(e.resource?.effectiveDateTime ?? '');
    }
    url = page.link?.find((l) => l.relation === 'next')?.url;
  }
  expect(pages).toBe(Math.ceil((observationIds.length + 1) / 100));
  expect([...ids].sort()).toEqual([...observationIds, UNDATED.id].sort());
  const effective = dates.filter((d) => d !== '');
  expect(effective).toEqual([...effective].sort().reverse());
}, PROCESS_TIMEOUT_MS);

test('a date parameter keeps only the results in range', async () => {
  const bundle = await getJson<Bundle<Observation>>(`${base}/Observation?patient=${patientId}&date=ge2019-01-01&_count=500`);
  const all = patient.resources.filter((r): r is Observation => r.resourceType === 'Observation');
  const expected = all.filter((o) => (o.effectiveDateTime ?? '') >= '2019-01-01').map((o) => o.id).sort();
  expect(expected.length).toBeGreaterThan(0);
  expect(bundle.entry?.map((e) => e.resource?.id).sort()).toEqual(expected);
}, PROCESS_TIMEOUT_MS);

test('the look-back search the service sends (date=ge with _sort=-date) keeps the results in range, newest first', async () => {
  const code = 'http://loinc.org|8302-2';
  const bundle = await getJson<Bundle<Observation>>(`${base}/Observation?patient=${patientId}&_count=100&code=${code}&date=ge2019-01-01&_sort=-date`);
  const all = patient.resources.filter((r): r is Observation => r.resourceType === 'Observation');
  const expected = all.filter((o) => o.code.coding?.some((c) => c.code === '8302-2') === true && (o.effectiveDateTime ?? '') >= '2019-01-01');
  expect(expected.length).toBeGreaterThan(1);
  expect(bundle.entry?.map((e) => e.resource?.id).sort()).toEqual(expected.map((o) => o.id).sort());
  const dates = bundle.entry?.map((e) => e.resource?.effectiveDateTime ?? '') ?? [];
  expect(dates).toEqual([...dates].sort().reverse());
}, PROCESS_TIMEOUT_MS);

test('date:missing=true finds exactly the results without effective[x], which a date search never matches', async () => {
  const undated = await getJson<Bundle<Observation>>(`${base}/Observation?patient=${patientId}&code=http://loinc.org|29463-7&date:missing=true`);
  const dated = await getJson<Bundle<Observation>>(`${base}/Observation?patient=${patientId}&code=http://loinc.org|29463-7&date=ge1900-01-01&_count=500`);
  expect(undated.entry?.map((e) => e.resource?.id)).toEqual(['undated-weight']);
  expect(dated.entry?.length).toBeGreaterThan(0);
  expect(dated.entry?.map((e) => e.resource?.id)).not.toContain('undated-weight');
}, PROCESS_TIMEOUT_MS);

test('_id with a comma list (the medication wave\'s search) answers those resources and no other', async () => {
  const [first = '', second = ''] = observationIds;
  const bundle = await getJson<Bundle<Observation>>(`${base}/Observation?_id=${first},${second}&_count=2`);
  expect(bundle.entry?.map((e) => e.resource?.id).sort()).toEqual([first, second].sort());
}, PROCESS_TIMEOUT_MS);

test('answers a CORS preflight from a browser on another origin (the sandbox), private network access included', async () => {
  const res = await fetch(`${base}/Observation/_search`, {
    method: 'OPTIONS',
    headers: {
      Origin: 'https://sandbox.cds-hooks.org',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,authorization',
      'Access-Control-Request-Private-Network': 'true',
    },
  });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
  expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Accept');
  expect(res.headers.get('access-control-allow-private-network')).toBe('true');
}, PROCESS_TIMEOUT_MS);

test('is read-only: a write answers 405 with an OperationOutcome', async () => {
  const res = await fetch(`${base}/Patient/${patientId}`, { method: 'DELETE' });
  expect(res.status).toBe(405);
  expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
}, PROCESS_TIMEOUT_MS);
