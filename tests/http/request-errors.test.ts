import request from 'supertest';
import { expectOutcome } from '../support/expect-response.js';
import { hookRequest, SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';

// dimensions: which field is wrong · which hook · status (400/404/413/415) · the expression

const { app } = testApp({ env: { CDS_BODY_LIMIT_BYTES: '65536' } });
const post = (service: string, body: unknown) => request(app).post(`/cds-services/${service}`).send(body as object);

function without(body: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const copy = structuredClone(body);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  delete target[path[path.length - 1] ?? ''];
  return copy;
}

const pv = hookRequest('patient-view', { prefetch: {} });
const os = hookRequest('order-select', { prefetch: {}, draftOrders: [{ resourceType: 'ServiceRequest', id: 'sr-1' }] });
const osn = hookRequest('order-sign', { prefetch: {}, draftOrders: [{ resourceType: 'ServiceRequest', id: 'sr-1' }] });

const badRequests: { name: string; service: string; body: unknown; expression: string }[] = [
  { name: 'missing hookInstance', service: SERVICE['patient-view'], body: without(pv, ['hookInstance']), expression: 'hookInstance' },
  { name: 'hookInstance that is not a UUID', service: SERVICE['patient-view'], body: { ...pv, hookInstance: 'abc' }, expression: 'hookInstance' },
  { name: 'missing context', service: SERVICE['patient-view'], body: without(pv, ['context']), expression: 'context' },
  { name: 'context that is an array', service: SERVICE['patient-view'], body: { ...pv, context: [] }, expression: 'context' },
  { name: 'missing context.patientId', service: SERVICE['patient-view'], body: without(pv, ['context', 'patientId']), expression: 'context.patientId' },
  { name: 'missing context.userId', service: SERVICE['patient-view'], body: without(pv, ['context', 'userId']), expression: 'context.userId' },
  { name: 'numeric patientId', service: SERVICE['patient-view'], body: { ...pv, context: { userId: 'Practitioner/1', patientId: 7 } }, expression: 'context.patientId' },
  { name: 'hook not matching the service', service: SERVICE['patient-view'], body: { ...pv, hook: 'order-sign' }, expression: 'hook' },
  { name: 'fhirAuthorization without fhirServer', service: SERVICE['patient-view'], body: { ...pv, fhirAuthorization: { access_token: 'x', token_type: 'Bearer', expires_in: 1, scope: 's', subject: 'c' } }, expression: 'fhirServer' },
  { name: 'fhirAuthorization missing access_token', service: SERVICE['patient-view'], body: { ...pv, fhirServer: 'https://ehr.example.org/fhir', fhirAuthorization: { token_type: 'Bearer', expires_in: 1, scope: 's', subject: 'c' } }, expression: 'fhirAuthorization.access_token' },
  { name: 'fhirServer that is not http(s)', service: SERVICE['patient-view'], body: { ...pv, fhirServer: 'file:///etc/passwd' }, expression: 'fhirServer' },
  { name: 'prefetch value that is a string', service: SERVICE['patient-view'], body: { ...pv, prefetch: { patient: 'x' } }, expression: 'prefetch.patient' },
  { name: 'order-select without selections', service: SERVICE['order-select'], body: without(os, ['context', 'selections']), expression: 'context.selections' },
  { name: 'order-select without draftOrders', service: SERVICE['order-select'], body: without(os, ['context', 'draftOrders']), expression: 'context.draftOrders' },
  { name: 'order-sign with draftOrders that is not a Bundle', service: SERVICE['order-sign'], body: { ...osn, context: { ...(osn.context as object), draftOrders: { resourceType: 'Patient' } } }, expression: 'context.draftOrders.resourceType' },
];

describe('POST /cds-services/{id} with a bad request', () => {
  test.each(badRequests)('$name → 400 naming $expression', async ({ service, body, expression }) => {
    expectOutcome(await post(service, body), 400, expression);
  });

  test('a body that is not valid JSON → 400', async () => {
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).set('Content-Type', 'application/json').send('{"hook": ');
    expectOutcome(res, 400, 'body');
  });

  test('an unknown service → 404', async () => {
    expectOutcome(await post('no-such-service', pv), 404);
  });

  test('a body over the configured limit → 413', async () => {
    const big = { ...pv, extension: { padding: 'x'.repeat(70_000) } };
    expectOutcome(await post(SERVICE['patient-view'], big), 413);
  });

  test('a text/plain body → 415', async () => {
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).set('Content-Type', 'text/plain').send(JSON.stringify(pv));
    expectOutcome(res, 415);
  });

  test('a POST without any Content-Type → 415', async () => {
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`);
    expectOutcome(res, 415);
  });

  test('GET on a service → 405', async () => {
    const res = await request(app).get(`/cds-services/${SERVICE['patient-view']}`);
    expectOutcome(res, 405);
  });
});

describe('POST /cds-services/{id}/feedback', () => {
  const card = '3f1d9a4c-2b7e-4c1a-9a61-0c8f1d2e3b4a';
  test('accepted and overridden feedback → 204', async () => {
    const body = {
      feedback: [
        { card, outcome: 'accepted', acceptedSuggestions: [{ id: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' }], outcomeTimestamp: '2026-11-20T10:05:31Z' },
        { card, outcome: 'overridden', overrideReason: { reason: { code: 'rls-suspected' } }, outcomeTimestamp: '2026-11-20T10:05:31Z' },
      ],
    };
    await request(app).post(`/cds-services/${SERVICE['order-select']}/feedback`).send(body).expect(204);
  });

  test('accepted feedback without acceptedSuggestions → 400 naming the field', async () => {
    const body = { feedback: [{ card, outcome: 'accepted', outcomeTimestamp: '2026-11-20T10:05:31Z' }] };
    expectOutcome(await request(app).post(`/cds-services/${SERVICE['order-select']}/feedback`).send(body), 400, 'feedback[0].acceptedSuggestions');
  });

  test('feedback for an unknown service → 404', async () => {
    expectOutcome(await request(app).post('/cds-services/nope/feedback').send({ feedback: [] }), 404);
  });
});
