import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { gatherPatientData } from '../../src/gather/gather-patient-data.js';
import {
  conditionResource,
  medicationRequestResource,
  medicationResource,
  observationResource,
  operationOutcomeResource,
  patientResource,
  searchBundle,
} from '../support/fhir-resources.js';
import { EHR_BASE, allowLoopbackOnly, ehrServer, recordUnmatchedRequests, resetNock } from '../support/nock-fhir-server.js';
import { PATIENT_ID, PATIENT_REF, allowAll, gatherInput, outcomeSummary, rejectionOutcome } from './gather-input.js';

// dimensions: prefetch value (resource · Bundle · null · absent · OperationOutcome · malformed)
//   · fhirServer (none · answers · pages · fails · too slow) · which key

beforeAll(allowLoopbackOnly);
afterEach(resetNock);

const conditionsQuery = { patient: PATIENT_ID };
const medicationRequestsQuery = { patient: PATIENT_ID, _include: 'MedicationRequest:medication' };

describe('prefetch values', () => {
  test('a complete prefetch is used as is, without any request to the FHIR server', async () => {
    const prefetch = {
      patient: patientResource(PATIENT_ID),
      conditions: searchBundle([conditionResource('c1', PATIENT_REF)]),
      medicationRequests: searchBundle([medicationRequestResource('mr1', PATIENT_REF, 'Medication/m1'), medicationResource('m1')]),
    };

    const unmatched = recordUnmatchedRequests();

    const record = await gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll);

    expect(unmatched).toEqual([]);
    expect(record).toEqual({
      patientId: PATIENT_ID,
      patient: patientResource(PATIENT_ID),
      conditions: [conditionResource('c1', PATIENT_REF)],
      medicationStatements: [],
      medicationRequests: [medicationRequestResource('mr1', PATIENT_REF, 'Medication/m1')],
      observations: [],
      serviceRequests: [],
      medications: new Map([['Medication/m1', medicationResource('m1')]]),
      droppedWrongPatient: 0,
    });
  });

  test('the service templates of services.json are all satisfied by a full prefetch, with no HTTP call', async () => {
    const services = JSON.parse(await readFile('cds-services/services.json', 'utf8')) as {
      services: { prefetch: Record<string, string> }[];
    };
    const templates = services.services[0]?.prefetch ?? {};
    const prefetch = Object.fromEntries(Object.keys(templates).map((key) => [key, searchBundle([])]));

    const record = await gatherPatientData(gatherInput({ templates, prefetch, fhirServer: EHR_BASE }), allowAll);

    expect(Object.keys(templates)).toHaveLength(10);
    expect(record.conditions).toEqual([]);
  });

  test('a key sent as null means no data and is not fetched again', async () => {
    const prefetch = { patient: null, conditions: null, medicationRequests: searchBundle([]) };

    const record = await gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll);

    expect(record.patient).toBeUndefined();
    expect(record.conditions).toEqual([]);
  });

  test('resources are sorted by type whatever key carried them, and kept once per Type/id', async () => {
    const prefetch = {
      patient: searchBundle([patientResource(PATIENT_ID), observationResource('o1', PATIENT_REF)]),
      conditions: searchBundle([conditionResource('c1', PATIENT_REF), conditionResource('c1', PATIENT_REF)]),
      medicationRequests: { resourceType: 'Bundle', entry: [{ fullUrl: 'x' }, { resource: observationResource('o1', PATIENT_REF) }] },
    };

    const record = await gatherPatientData(gatherInput({ prefetch }), allowAll);

    expect(record.patient).toEqual(patientResource(PATIENT_ID));
    expect(record.observations).toEqual([observationResource('o1', PATIENT_REF)]);
    expect(record.conditions).toEqual([conditionResource('c1', PATIENT_REF)]);
  });

  test.each([
    { name: 'a string', value: 'Condition/c1' },
    { name: 'a number', value: 42 },
    { name: 'an array', value: [conditionResource('c1', PATIENT_REF)] },
    { name: 'an object without resourceType', value: { entry: [] } },
    { name: 'an object whose resourceType is not a string', value: { resourceType: 7 } },
  ])('a prefetch value that is $name is a 400 naming the key', async ({ value }) => {
    const prefetch = { patient: null, conditions: value, medicationRequests: null };

    const outcome = await rejectionOutcome(gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll));

    expect(outcomeSummary(outcome)).toEqual({
      status: 400,
      diagnostics: 'prefetch.conditions is not a FHIR resource',
      expression: ['prefetch.conditions'],
    });
  });
});

describe('fetching from fhirServer', () => {
  test('without prefetch every key is fetched, and a paged Bundle is followed to its last page', async () => {
    const page2 = `${EHR_BASE}?_getpages=abc&_getpagesoffset=1`;
    const scope = ehrServer()
      .get(`/fhir/Patient/${PATIENT_ID}`)
      .reply(200, patientResource(PATIENT_ID))
      .get('/fhir/Condition')
      .query(conditionsQuery)
      .reply(200, searchBundle([conditionResource('c1', PATIENT_REF)], page2))
      .get('/fhir')
      .query({ _getpages: 'abc', _getpagesoffset: '1' })
      .reply(200, searchBundle([conditionResource('c2', PATIENT_REF)]))
      .get('/fhir/MedicationRequest')
      .query(medicationRequestsQuery)
      .reply(200, searchBundle([medicationRequestResource('mr1', PATIENT_REF)]));

    const record = await gatherPatientData(gatherInput({ fhirServer: EHR_BASE }), allowAll);

    expect(record.patient).toEqual(patientResource(PATIENT_ID));
    expect(record.conditions.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(record.medicationRequests.map((m) => m.id)).toEqual(['mr1']);
    expect(scope.isDone()).toBe(true);
  });

  test('a prefetch Bundle with a next link on the FHIR server is completed from it', async () => {
    const next = `${EHR_BASE}/Condition?patient=${PATIENT_ID}&page=2`;
    const scope = ehrServer()
      .get('/fhir/Condition')
      .query({ patient: PATIENT_ID, page: '2' })
      .reply(200, searchBundle([conditionResource('c2', PATIENT_REF)]));
    const prefetch = { patient: null, conditions: searchBundle([conditionResource('c1', PATIENT_REF)], next), medicationRequests: null };

    const record = await gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll);

    expect(record.conditions.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(scope.isDone()).toBe(true);
  });

  test('an OperationOutcome in place of a prefetch value is fetched again from the FHIR server', async () => {
    const scope = ehrServer()
      .get('/fhir/Condition')
      .query(conditionsQuery)
      .reply(200, searchBundle([conditionResource('c1', PATIENT_REF)]));
    const prefetch = { patient: null, conditions: operationOutcomeResource(), medicationRequests: null };

    const record = await gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll);

    expect(record.conditions.map((c) => c.id)).toEqual(['c1']);
    expect(scope.isDone()).toBe(true);
  });

  test('a read answered 404 is no data, as a null prefetch value would be; the other keys are still used', async () => {
    const scope = ehrServer()
      .get(`/fhir/Patient/${PATIENT_ID}`)
      .reply(404, operationOutcomeResource())
      .get('/fhir/Condition')
      .query(conditionsQuery)
      .reply(200, searchBundle([conditionResource('c1', PATIENT_REF)]));
    const prefetch = { medicationRequests: null };

    const record = await gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll);

    expect([record.patient, record.conditions.map((c) => c.id)]).toEqual([undefined, ['c1']]);
    expect(scope.isDone()).toBe(true);
  });

  test.each([403, 500])('a read answered %i is still a 412: access or the server failed, not the data', async (status) => {
    const scope = ehrServer().get(`/fhir/Patient/${PATIENT_ID}`).reply(status);
    const prefetch = { conditions: null, medicationRequests: null };

    const outcome = await rejectionOutcome(gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll));

    expect(outcomeSummary(outcome)).toEqual({ status: 412, diagnostics: `prefetch.patient: FHIR server answered HTTP ${status}`, expression: ['prefetch.patient'] });
    expect(scope.isDone()).toBe(true);
  });

  test('more resources than maxResourcesPerKey over its pages is a 412: the data would be incomplete', async () => {
    const scope = ehrServer()
      .get('/fhir/Condition')
      .query(conditionsQuery)
      .reply(200, searchBundle([conditionResource('c1', PATIENT_REF)], `${EHR_BASE}/Condition?page=2`))
      .get('/fhir/Condition')
      .query({ page: '2' })
      .reply(200, searchBundle([conditionResource('c2', PATIENT_REF), conditionResource('c3', PATIENT_REF)], `${EHR_BASE}/Condition?page=3`));
    const prefetch = { patient: null, medicationRequests: null };

    const outcome = await rejectionOutcome(
      gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), { ...allowAll, maxResourcesPerKey: 2 }),
    );

    expect(outcomeSummary(outcome)).toEqual({
      status: 412,
      diagnostics: 'prefetch.conditions: more than 2 resources',
      expression: ['prefetch.conditions'],
    });
    expect(scope.isDone()).toBe(true);
  });
});

describe('when the data cannot be had', () => {
  test.each([
    { name: 'an absent key and no fhirServer', prefetch: { patient: null, medicationRequests: null }, diagnostics: 'prefetch.conditions: missing and no FHIR server is available' },
    { name: 'an OperationOutcome and no fhirServer', prefetch: { patient: null, conditions: operationOutcomeResource(), medicationRequests: null }, diagnostics: 'prefetch.conditions: an OperationOutcome and no FHIR server is available' },
    { name: 'a paged prefetch Bundle and no fhirServer', prefetch: { patient: null, conditions: searchBundle([], `${EHR_BASE}/Condition?page=2`), medicationRequests: null }, diagnostics: 'prefetch.conditions: paginated and its next page cannot be fetched' },
  ])('$name is a 412 naming the key', async ({ prefetch, diagnostics }) => {
    const outcome = await rejectionOutcome(gatherPatientData(gatherInput({ prefetch }), allowAll));

    expect(outcomeSummary(outcome)).toEqual({ status: 412, diagnostics, expression: ['prefetch.conditions'] });
  });

  test.each([
    { name: 'HTTP 500', reply: (s: nock.Interceptor) => s.reply(500, operationOutcomeResource()), diagnostics: 'prefetch.conditions: FHIR server answered HTTP 500' },
    { name: 'HTTP 401', reply: (s: nock.Interceptor) => s.reply(401), diagnostics: 'prefetch.conditions: FHIR server answered HTTP 401' },
    { name: 'HTTP 404', reply: (s: nock.Interceptor) => s.reply(404, operationOutcomeResource()), diagnostics: 'prefetch.conditions: FHIR server answered HTTP 404' },
    { name: 'a connection error', reply: (s: nock.Interceptor) => s.replyWithError('ECONNRESET'), diagnostics: 'prefetch.conditions: FHIR server could not be reached' },
    { name: 'a 200 OperationOutcome', reply: (s: nock.Interceptor) => s.reply(200, operationOutcomeResource()), diagnostics: 'prefetch.conditions: FHIR server answered with an OperationOutcome' },
    { name: 'a 200 that is not JSON', reply: (s: nock.Interceptor) => s.reply(200, '<html>'), diagnostics: 'prefetch.conditions: FHIR server answer is not a FHIR resource' },
    { name: 'a 200 that is not a resource', reply: (s: nock.Interceptor) => s.reply(200, { entry: [] }), diagnostics: 'prefetch.conditions: FHIR server answer is not a FHIR resource' },
  ])('a FHIR server answering $name is a 412 that names the key but no patient id or URL', async ({ reply, diagnostics }) => {
    const scope = ehrServer();
    reply(scope.get('/fhir/Condition').query(conditionsQuery));
    const prefetch = { patient: null, medicationRequests: null };

    const outcome = await rejectionOutcome(gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll));

    expect(outcomeSummary(outcome)).toEqual({ status: 412, diagnostics, expression: ['prefetch.conditions'] });
    expect(JSON.stringify(outcome)).not.toMatch(/p-1|ehr\.example\.org/);
    expect(scope.isDone()).toBe(true);
  });

  test('a FHIR server slower than the deadline gives a 412 at the deadline, not when it finally answers', async () => {
    ehrServer().get('/fhir/Condition').query(conditionsQuery).delay(3_000).reply(200, searchBundle([]));
    const prefetch = { patient: null, medicationRequests: null };
    const started = performance.now();

    const outcome = await rejectionOutcome(
      gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE, signal: AbortSignal.timeout(150) }), allowAll),
    );

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(outcomeSummary(outcome)).toEqual({
      status: 412,
      diagnostics: 'prefetch.conditions: FHIR server did not answer before the deadline',
      expression: ['prefetch.conditions'],
    });
  });

  test('a failing key fails the request at once, without waiting for slower keys', async () => {
    ehrServer()
      .get(`/fhir/Patient/${PATIENT_ID}`)
      .reply(500)
      .get('/fhir/Condition')
      .query(conditionsQuery)
      .delay(3_000)
      .reply(200, searchBundle([]));
    const prefetch = { medicationRequests: null };
    const started = performance.now();

    const outcome = await rejectionOutcome(gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE }), allowAll));

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(outcomeSummary(outcome).diagnostics).toBe('prefetch.patient: FHIR server answered HTTP 500');
  });

  test('an already expired deadline fails before any answer is read', async () => {
    ehrServer().get('/fhir/Condition').query(conditionsQuery).reply(200, searchBundle([]));
    const prefetch = { patient: null, medicationRequests: null };

    const outcome = await rejectionOutcome(
      gatherPatientData(gatherInput({ prefetch, fhirServer: EHR_BASE, signal: AbortSignal.abort() }), allowAll),
    );

    expect(outcomeSummary(outcome).diagnostics).toBe('prefetch.conditions: FHIR server did not answer before the deadline');
  });
});
