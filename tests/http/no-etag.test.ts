import request from 'supertest';
import { expectCdsResponse } from '../support/expect-response.js';
import { condition } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';

// Issue 11: answers are `Cache-Control: no-store`, so no ETag is computed for them (Express would hash every body).

const PATIENT = 'patient-etag';

describe('no ETag', () => {
  test('a service call answers 200 with cards and no ETag', async () => {
    const { app } = testApp();
    const body = hookRequest('patient-view', { patientId: PATIENT, prefetch: prefetchOf([{ resourceType: 'Patient', id: PATIENT }, condition({ patientId: PATIENT })], PATIENT) });
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body);
    expect(res.status).toBe(200);
    expect(expectCdsResponse(res).cards.length).toBeGreaterThan(0);
    expect(res.headers['etag']).toBeUndefined();
  });

  test('discovery answers 200 with no ETag either', async () => {
    const { app } = testApp();
    const res = await request(app).get('/cds-services');
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBeUndefined();
  });
});
