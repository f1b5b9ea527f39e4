import request from 'supertest';
import { testApp } from '../support/test-app.js';

// dimensions: route · method · every service entry's required fields and prefetch templates

describe('GET /cds-services', () => {
  const { app } = testApp();

  test('lists exactly one service per hook with id, hook, title, description and usageRequirements', async () => {
    const res = await request(app).get('/cds-services').expect(200);
    const services = res.body.services as Record<string, unknown>[];
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      ['leg-cramps-patient-view', 'patient-view'],
      ['leg-cramps-order-select', 'order-select'],
      ['leg-cramps-order-sign', 'order-sign'],
    ]);
    for (const s of services) {
      expect(typeof s.title).toBe('string');
      expect(typeof s.description).toBe('string');
      expect(typeof s.usageRequirements).toBe('string');
    }
  });

  test('each service prefetches the patient, conditions, medications and the labs the rules read', async () => {
    const res = await request(app).get('/cds-services').expect(200);
    for (const s of res.body.services as { prefetch: Record<string, string> }[]) {
      expect(Object.keys(s.prefetch).sort()).toEqual(
        ['conditions', 'electrolytes', 'ferritin', 'glucose', 'medicationRequests', 'medicationStatements', 'patient', 'renal', 'serviceRequests', 'thyroid'],
      );
      expect(s.prefetch.patient).toBe('Patient/{{context.patientId}}');
      // Searches ask for pages of 100 so a long history stays within the resource cap (CDS_MAX_RESOURCES_PER_KEY).
      expect(s.prefetch.conditions).toBe('Condition?patient={{context.patientId}}&_count=100');
      for (const [key, template] of Object.entries(s.prefetch)) if (key !== 'patient') expect(template).toContain('&_count=100');
      expect(s.prefetch.ferritin).toContain('http://loinc.org|2276-4');
      expect(s.prefetch.thyroid).toContain('http://loinc.org|3016-3');
      expect(s.prefetch.glucose).toContain('http://loinc.org|4548-4');
      expect(s.prefetch.glucose).toContain('http://loinc.org|2345-7');
      expect(s.prefetch.renal).toContain('http://loinc.org|2160-0');
      expect(s.prefetch.renal).toContain('http://loinc.org|98979-8');
    }
  });

  test('a POST to discovery is 405 with an OperationOutcome', async () => {
    const res = await request(app).post('/cds-services').send({});
    expect(res.status).toBe(405);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});

describe('health endpoints', () => {
  test('GET /healthz answers 200 while the process is up', async () => {
    await request(testApp().app).get('/healthz').expect(200, { status: 'up' });
  });

  test('GET /readyz answers 200 when ready and 503 with an OperationOutcome while shutting down', async () => {
    let ready = true;
    const { app } = testApp({ isReady: () => ready });
    await request(app).get('/readyz').expect(200);
    ready = false;
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });

  test('an unknown route is 404 with an OperationOutcome', async () => {
    const res = await request(testApp().app).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});
