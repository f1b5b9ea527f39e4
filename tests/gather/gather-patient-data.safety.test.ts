import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bundle } from 'fhir/r4.js';
import nock from 'nock';
import { gatherPatientData } from '../../src/gather/gather-patient-data.js';
import { isFhirResource } from '../../src/gather/fhir-resource-guards.js';
import {
  conditionResource,
  medicationRequestResource,
  medicationResource,
  observationResource,
  patientResource,
  searchBundle,
} from '../support/fhir-resources.js';
import { SYNTHEA_DIR } from '../support/synthea.js';
import { EHR_BASE, allowLoopbackOnly, ehrServer, recordUnmatchedRequests, resetNock } from '../support/nock-fhir-server.js';
import { PATIENT_ID, PATIENT_REF, TOKEN, allowAll, gatherInput, outcomeSummary, patientViewContext, rejectionOutcome } from './gather-input.js';

// dimensions: whose resources (this patient · another · none) · where a next link points
//   · token (given · not given) · SSRF policy · id characters · referenced Medications

beforeAll(allowLoopbackOnly);
afterEach(resetNock);

const onlyConditionsMissing = { patient: null, medicationRequests: null };
const fhirAuthorization = {
  access_token: TOKEN,
  token_type: 'Bearer',
  expires_in: 300,
  scope: 'patient/*.read',
  subject: 'cds-service',
};

describe('wrong-patient safety', () => {
  test.each([
    { name: 'a relative Patient/<id> subject is kept', ref: PATIENT_REF, isKept: true },
    { name: 'an absolute …/Patient/<id> subject is kept', ref: `${EHR_BASE}/Patient/${PATIENT_ID}`, isKept: true },
    { name: 'a versioned absolute subject is kept', ref: `${EHR_BASE}/Patient/${PATIENT_ID}/_history/2`, isKept: true },
    { name: 'a urn:uuid:<id> subject is kept', ref: `urn:uuid:${PATIENT_ID}`, isKept: true },
    { name: 'another patient is dropped', ref: 'Patient/p-2', isKept: false },
    { name: 'an id that only starts like the patient’s is dropped', ref: `Patient/${PATIENT_ID}0`, isKept: false },
    { name: 'a Group subject is dropped', ref: `Group/${PATIENT_ID}`, isKept: false },
  ])('$name', async ({ ref, isKept }) => {
    const prefetch = { patient: null, conditions: searchBundle([conditionResource('c1', ref)]), medicationRequests: null };

    const record = await gatherPatientData(gatherInput({ prefetch }), allowAll);

    expect({ kept: record.conditions.length, dropped: record.droppedWrongPatient }).toEqual(
      isKept ? { kept: 1, dropped: 0 } : { kept: 0, dropped: 1 },
    );
  });

  test('other patients’ resources of every type are dropped and counted, Medications without subject kept', async () => {
    const prefetch = {
      patient: patientResource('p-2'),
      conditions: searchBundle([conditionResource('c1', PATIENT_REF), conditionResource('c2', 'Patient/p-2')]),
      medicationRequests: searchBundle([
        medicationRequestResource('mr1', 'Patient/p-2', 'Medication/m1'),
        medicationResource('m1'),
        observationResource('o1', 'Patient/p-2'),
        { resourceType: 'Observation', id: 'o2', status: 'final', code: { text: 'no subject' } },
      ]),
    };

    const record = await gatherPatientData(gatherInput({ prefetch }), allowAll);

    expect(record.patient).toBeUndefined();
    expect(record.conditions.map((c) => c.id)).toEqual(['c1']);
    expect(record.medicationRequests).toEqual([]);
    expect(record.observations).toEqual([]);
    expect([...record.medications.keys()]).toEqual(['Medication/m1']);
    expect(record.droppedWrongPatient).toBe(5);
  });

  test('a Synthea transaction Bundle as prefetch keeps only the context patient’s resources', async () => {
    const [trey, louie] = await Promise.all([
      syntheaBundle('Trey_Berge_99153850-84f1-4de6-9e19-3e0d6eeedeb2.json'),
      syntheaBundle('Louie_Jast_14802fb7-f613-4c4f-816a-e92b7b144788.json'),
    ]);
    const treyId = 'f46d1649-8a02-4de8-8cff-f76fae267d3a';
    const mixed: Bundle = { ...trey, entry: [...(trey.entry ?? []), ...(louie.entry ?? [])] };
    const prefetch = { patient: null, conditions: mixed, medicationRequests: null };

    const record = await gatherPatientData(gatherInput({ context: patientViewContext(treyId), prefetch }), allowAll);

    const treyOwn = countOfType(trey, ['Condition', 'MedicationRequest', 'Observation']);
    const louieOwn = countOfType(louie, ['Patient', 'Condition', 'MedicationRequest', 'Observation']);
    expect(record.patient?.id).toBe(treyId);
    expect(record.conditions.length + record.medicationRequests.length + record.observations.length).toBe(treyOwn);
    expect(record.conditions.length).toBeGreaterThan(0);
    expect(record.droppedWrongPatient).toBe(louieOwn);
  });
});

describe('where requests may go', () => {
  test('a next link to another host is not followed, and the key is a 412', async () => {
    const evil = nock('https://evil.example.com').get('/fhir/Condition').query(true).reply(200, searchBundle([]));
    const scope = ehrServer({ reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/fhir/Condition')
      .query({ patient: PATIENT_ID })
      .reply(200, searchBundle([conditionResource('c1', PATIENT_REF)], 'https://evil.example.com/fhir/Condition?page=2'));

    const outcome = await rejectionOutcome(
      gatherPatientData(gatherInput({ prefetch: onlyConditionsMissing, fhirServer: EHR_BASE, fhirAuthorization }), allowAll),
    );

    expect(outcomeSummary(outcome).diagnostics).toBe('prefetch.conditions: paginated and its next page cannot be fetched');
    expect(scope.isDone()).toBe(true);
    expect(evil.isDone()).toBe(false);
  });

  test('a prefetch Bundle whose next link leaves the FHIR server is run again on the FHIR server instead', async () => {
    const evil = nock('https://ehr.example.org.evil.example.com').get(/.*/).reply(200, searchBundle([]));
    const scope = ehrServer()
      .get('/fhir/Condition')
      .query({ patient: PATIENT_ID })
      .reply(200, searchBundle([conditionResource('c1', PATIENT_REF), conditionResource('c2', PATIENT_REF)]));
    const paged = searchBundle([conditionResource('c1', PATIENT_REF)], 'https://ehr.example.org.evil.example.com/fhir/Condition?page=2');
    const prefetch = { patient: null, conditions: paged, medicationRequests: null };

    const record = await gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll);

    expect(record.conditions.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(scope.isDone()).toBe(true);
    expect(evil.isDone()).toBe(false);
  });

  test('a fhirServer refused by the SSRF policy is never called, and a missing key is a 412', async () => {
    const unmatched = recordUnmatchedRequests();
    const asked: string[] = [];
    const deps = { isFhirServerAllowed: (url: string) => (asked.push(url), false) };

    const outcome = await rejectionOutcome(gatherPatientData(gatherInput({ prefetch: onlyConditionsMissing, fhirServer: EHR_BASE }), deps));

    expect(outcomeSummary(outcome)).toEqual({
      status: 412,
      diagnostics: 'prefetch.conditions: missing and no FHIR server is available',
      expression: ['prefetch.conditions'],
    });
    expect(asked).toEqual([EHR_BASE]);
    expect(unmatched).toEqual([]);
  });

  test.each([
    { name: 'with fhirAuthorization the bearer token is sent', auth: fhirAuthorization, options: { reqheaders: { authorization: `Bearer ${TOKEN}` } } },
    { name: 'without fhirAuthorization no Authorization header is sent', auth: undefined, options: { badheaders: ['authorization'] } },
  ])('$name', async ({ auth, options }) => {
    const scope = ehrServer(options).get('/fhir/Condition').query({ patient: PATIENT_ID }).reply(200, searchBundle([]));

    await gatherPatientData(gatherInput({ prefetch: onlyConditionsMissing, fhirServer: EHR_BASE, fhirAuthorization: auth }), allowAll);

    expect(scope.isDone()).toBe(true);
  });

  test('a token’s value is URL-encoded where it is substituted, and the 412 does not repeat it', async () => {
    const oddId = 'a b&c=d#e';
    const scope = ehrServer()
      .get('/fhir/Patient/a%20b%26c%3Dd%23e')
      .reply(200, patientResource(oddId))
      .get('/fhir/Condition?patient=a%20b%26c%3Dd%23e')
      .reply(500);
    const prefetch = { medicationRequests: null };

    const outcome = await rejectionOutcome(
      gatherPatientData(gatherInput({ context: patientViewContext(oddId), prefetch, fhirServer: EHR_BASE }), allowAll),
    );

    expect(outcomeSummary(outcome).diagnostics).toBe('prefetch.conditions: FHIR server answered HTTP 500');
    expect(JSON.stringify(outcome)).not.toContain('a b');
    expect(scope.isDone()).toBe(true);
  });
});

describe('referenced Medications', () => {
  test('Medications named by medicationReference and in no Bundle are read with one _id search; one the server lacks stays unread', async () => {
    const scope = ehrServer()
      .get('/fhir/Medication?_id=m1,m2,m3&_count=3')
      .reply(200, searchBundle([medicationResource('m1'), medicationResource('m3', '9075')]));
    const draft = medicationRequestResource('draft-1', PATIENT_REF, 'Medication/m3');
    const prefetch = {
      patient: null,
      conditions: null,
      medicationRequests: searchBundle([
        medicationRequestResource('mr1', PATIENT_REF, 'Medication/m1'),
        medicationRequestResource('mr2', PATIENT_REF, 'Medication/m2'),
        medicationRequestResource('mr3', PATIENT_REF, '#contained'),
        medicationRequestResource('mr4', PATIENT_REF, 'Medication/m4'),
        medicationResource('m4'),
      ]),
    };
    const context = patientViewContext(PATIENT_ID, { hook: 'order-sign', draftOrders: [draft] });

    const record = await gatherPatientData(gatherInput({ context, prefetch, fhirServer: EHR_BASE }), allowAll);

    expect([...record.medications.keys()].sort()).toEqual(['Medication/m1', 'Medication/m3', 'Medication/m4']);
    expect(record.medications.get('Medication/m3')).toEqual(medicationResource('m3', '9075'));
    expect(scope.isDone()).toBe(true);
  });
});

async function syntheaBundle(file: string): Promise<Bundle> {
  const value: unknown = JSON.parse(await readFile(path.join(SYNTHEA_DIR, file), 'utf8'));
  if (!isFhirResource(value) || value.resourceType !== 'Bundle') throw new Error(`${file} is not a Bundle`);
  return value;
}

function countOfType(bundle: Bundle, types: readonly string[]): number {
  return (bundle.entry ?? []).filter((e) => e.resource && types.includes(e.resource.resourceType)).length;
}
